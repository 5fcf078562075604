"""The platform's one clock: Vietnam's date, whatever the server's time zone."""

from datetime import UTC, date, datetime

from ansinh.core import clock


def test_evening_utc_is_already_tomorrow_in_vietnam() -> None:
    with clock.frozen_at(datetime(2026, 3, 31, 18, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 4, 1)
        assert clock.now().utcoffset() is not None


def test_a_frozen_date_means_that_day_in_vietnam_and_the_clock_comes_back() -> None:
    with clock.frozen_at(date(2026, 12, 31)) as moment:
        assert clock.today() == date(2026, 12, 31)
        assert moment.hour == 9
