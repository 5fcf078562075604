"""The YAML cases of payment deadlines and partial months (`deadlines.yaml`), one test each."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ansinh.rules.store import NotInForce, parameter
from ansinh.unemployment.deadlines import due, not_owed

CASES = yaml.safe_load((Path(__file__).parent / "deadlines.yaml").read_text(encoding="utf-8"))


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    if case["kind"] == "parameter":
        if case["value"] is None:
            with pytest.raises(NotInForce):
                parameter(case["parameter"]).in_force(_day(case["date"]))
            return
        found = parameter(case["parameter"]).in_force(_day(case["date"]))
        assert found.value == case["value"]
        assert found.uncertain is case.get("uncertain", False)
    elif case["kind"] == "due":
        arguments = {
            "month": _day(case["month"]),
            "first_month": _day(case["first_month"]),
            "decided_on": _day(case["decided_on"]),
            "known_on": _day(case["known_on"]) if "known_on" in case else None,
        }
        if case.get("not_in_force"):
            with pytest.raises(NotInForce):
                due(**arguments)
            return
        found = due(**arguments)
        assert (found.trigger_on, found.due_on) == (_day(case["trigger_on"]), _day(case["due_on"]))
    else:
        owed_back = not_owed(
            amount=case["amount"], month=_day(case["month"]), ends_on=_day(case["ends_on"])
        )
        assert owed_back == case["overpaid"]


def test_calendar_days_proration_counts_the_days_before_the_ground(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Were the rule to prorate, the month of the ground keeps its days before the ground."""
    from ansinh.unemployment import deadlines

    real = deadlines.parameter

    class _Days:
        def value_at(self, on: date) -> str:  # noqa: ARG002
            return "calendar_days"

    monkeypatch.setattr(
        deadlines,
        "parameter",
        lambda name: _Days() if name == deadlines.PRORATION else real(name),
    )
    # 19 of January's 31 days kept: 3,100,000 − 3,100,000 × 19 // 31 = 1,200,000 not owed.
    assert (
        not_owed(amount=3_100_000, month=date(2027, 1, 1), ends_on=date(2027, 1, 20)) == 1_200_000
    )
