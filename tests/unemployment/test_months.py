"""Benefit months: paid within 5 working days of their trigger (ahead of the monthly payroll
when it has passed), late ones flagged; a ground before months paid makes them overpayments;
the fund-paid HI card ends with the benefit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ansinh.core import clock
from ansinh.core.events import service as events
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.health.lifecycle.service import end_fund_card
from ansinh.health.models import Card
from ansinh.payments import channels, runs
from ansinh.payments.models import Overpayment, Payment
from ansinh.payments.schemas import ChannelCreate
from ansinh.registry.schemas import EmploymentStarted, PersonDied
from ansinh.unemployment import service
from ansinh.unemployment.models import BenefitMonth, Claim, Entitlement
from tests.unemployment.conftest import CITIZEN, Cycle

MAKER = Actor(kind="officer", id="maker")
PAID = 7_200_000
DEC, JAN, FEB = date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)


def _granted(
    cycle: Cycle, decided_on: date, *, run_first: date | None = None
) -> tuple[Claim, Entitlement]:
    """A claimant paid in cash, granted December to May; the grant dated `decided_on`. With
    `run_first`, the province's monthly run of that month is computed before the grant."""
    si = cycle.claimant()
    channels.set_channel(
        db_session=cycle.db_session,
        si_number=si,
        change=ChannelCreate(
            kind="cash", place="Bưu điện Bến Thành", effective_from=date(2026, 1, 1)
        ),
        bank=None,
        actor=MAKER,
        purpose="test",
        source="officer",
    )
    claim = cycle.file(si)
    cycle.assess(claim)
    if run_first is not None:
        _run(cycle, "monthly", run_first)
    cycle.deliver()
    [entitlement] = cycle.entitlements(claim)
    entitlement.decided_on = entitlement.payable_since = decided_on
    cycle.db_session.flush()
    return claim, entitlement


def _run(cycle: Cycle, kind: str, period: date) -> None:
    runs.compute(
        db_session=cycle.db_session, kind=kind, period=period, province_code="79", actor=MAKER
    )


def _months(cycle: Cycle, entitlement: Entitlement) -> list[BenefitMonth]:
    return list(
        cycle.db_session.scalars(
            select(BenefitMonth)
            .where(BenefitMonth.entitlement_id == entitlement.entitlement_id)
            .order_by(BenefitMonth.month)
            .execution_options(populate_existing=True)
        )
    )


def _paid_months(cycle: Cycle, schedule_id: object) -> list[date]:
    return list(
        cycle.db_session.scalars(
            select(Payment.month).where(Payment.schedule_id == schedule_id).order_by(Payment.month)
        )
    )


def test_month_one_after_the_monthly_run_is_paid_ahead_in_time_and_once(cycle: Cycle) -> None:
    _, entitlement = _granted(cycle, date(2026, 12, 10), run_first=DEC)
    assert _paid_months(cycle, entitlement.entitlement_id) == []  # the run came before it

    checked = service.check(db_session=cycle.db_session, today=date(2026, 12, 14))
    assert (checked.opened, checked.instructed) == (1, 0)  # its clock starts on the 15th
    [december] = _months(cycle, entitlement)
    assert (december.trigger_on, december.due_on) == (date(2026, 12, 15), date(2026, 12, 22))

    assert service.check(db_session=cycle.db_session, today=date(2026, 12, 15)).instructed == 1
    assert service.check(db_session=cycle.db_session, today=date(2026, 12, 15)).instructed == 0
    _run(cycle, "daily", date(2026, 12, 15))
    service.check(db_session=cycle.db_session, today=date(2026, 12, 16))
    [december] = _months(cycle, entitlement)
    assert (december.paid_on, december.late) == (date(2026, 12, 15), False)

    _run(cycle, "monthly", JAN)  # January's run pays January only: December is not paid twice
    assert _paid_months(cycle, entitlement.entitlement_id) == [JAN]
    service.check(db_session=cycle.db_session, today=date(2027, 1, 6))
    december, january = _months(cycle, entitlement)
    assert (january.trigger_on, january.due_on) == (date(2027, 1, 6), date(2027, 1, 13))
    assert (january.paid_on, january.late) == (date(2027, 1, 4), False)
    figures = service.figures(db_session=cycle.db_session)
    assert (figures.months_paid, figures.paid_within_limit, figures.late_open) == (2, 2, 0)


def test_a_month_unpaid_past_its_due_day_is_flagged_for_the_officer(cycle: Cycle) -> None:
    _, entitlement = _granted(cycle, date(2026, 12, 10), run_first=DEC)
    service.check(db_session=cycle.db_session, today=date(2026, 12, 22))  # instructed, not run
    [december] = _months(cycle, entitlement)
    assert december.instructed_on == date(2026, 12, 22) and not december.late

    service.check(db_session=cycle.db_session, today=date(2026, 12, 23))
    [december] = _months(cycle, entitlement)
    assert december.late and december.paid_on is None
    watched = service.watch(db_session=cycle.db_session, actor=CITIZEN, purpose="t")
    assert [(m.month, m.due_on, m.late) for m in watched] == [(DEC, date(2026, 12, 22), True)]
    assert service.figures(db_session=cycle.db_session).late_open == 1

    _run(cycle, "daily", date(2026, 12, 24))  # paid late: still late, no longer open
    service.check(db_session=cycle.db_session, today=date(2026, 12, 28))
    [december] = _months(cycle, entitlement)
    assert (december.paid_on, december.late) == (date(2026, 12, 24), True)
    figures = service.figures(db_session=cycle.db_session)
    assert (figures.months_paid, figures.paid_within_limit, figures.late_open) == (1, 0, 0)


def _new_job(cycle: Cycle, claim: Claim, start: date, employment_id: int = 1) -> None:
    started = EmploymentStarted(
        employment_id=employment_id,
        si_number=claim.si_number,
        unit_code="TS79000002",
        start_date=start,
    )
    events.record(db_session=cycle.db_session, event=started)
    cycle.work()


def _overpayments(cycle: Cycle, si: str) -> list[tuple[int, str]]:
    return [
        (o.amount, o.status)
        for o in cycle.db_session.scalars(
            select(Overpayment).where(Overpayment.si_number == si).order_by(Overpayment.payment_id)
        )
    ]


def test_a_new_job_before_months_paid_turns_them_into_overpayments_once(cycle: Cycle) -> None:
    claim, entitlement = _granted(cycle, date(2026, 11, 20))
    for month in (DEC, JAN, FEB):
        _run(cycle, "monthly", month)
    assert _paid_months(cycle, entitlement.entitlement_id) == [DEC, JAN, FEB]

    _new_job(cycle, claim, date(2027, 1, 20))  # the platform sees it: February was not owed
    assert _overpayments(cycle, claim.si_number) == [(PAID, "open")]
    _new_job(cycle, claim, date(2027, 1, 20), employment_id=2)  # the same ground again
    assert (
        service.notice_ground(
            db_session=cycle.db_session,
            si_number=claim.si_number,
            ground="new_job",
            occurred_on=date(2027, 1, 20),
        )
        == 0
    )
    assert _overpayments(cycle, claim.si_number) == [(PAID, "open")]

    assert cycle.send() == 1
    cycle.deliver()  # the centre ends the benefit after December: January is not owed either
    assert (claim.status, claim.reason) == ("ended", "new_job")
    assert _overpayments(cycle, claim.si_number) == [(PAID, "open"), (PAID, "open")]
    months = service.months_of(
        db_session=cycle.db_session, si_number=claim.si_number, actor=CITIZEN, purpose="t"
    )
    assert [(m.month, m.overpaid_by, m.overpaid) for m in months if m.overpaid_by] == [
        (JAN, "new_job", PAID),
        (FEB, "new_job", PAID),
    ]

    [termination] = [e.decision_id for e in cycle.entries() if e.kind == "termination"]
    cycle.act(f"/v1/decisions/{termination}/renotify", {})
    cycle.deliver(later=timedelta(minutes=2))  # the termination again: a duplicate, nothing new
    assert cycle.entries()[-1].state == "duplicate"
    assert _overpayments(cycle, claim.si_number) == [(PAID, "open"), (PAID, "open")]


def test_the_fund_paid_card_ends_with_the_benefit_once(cycle: Cycle) -> None:
    claim, _ = _granted(cycle, date(2026, 11, 20))
    cycle.decide(claim, "termination", JAN, ground="own_request")
    cycle.deliver()
    card = cycle.db_session.scalar(
        select(Card)
        .where(Card.si_number == claim.si_number, Card.replaced_by.is_(None))
        .execution_options(populate_existing=True)
    )
    assert card is not None and card.object_code == "TN"
    assert (card.status, card.valid_to) == ("ended", date(2027, 1, 31))
    again = end_fund_card(
        db_session=cycle.db_session,
        si_number=claim.si_number,
        object_code="TN",
        last_day=date(2027, 1, 31),
        actor=SYSTEM,
        purpose="t",
    )
    assert again is False


def test_a_month_held_for_a_ground_is_not_flagged_late(cycle: Cycle) -> None:
    claim, entitlement = _granted(cycle, date(2026, 11, 20))
    service.check(db_session=cycle.db_session, today=date(2026, 12, 1))  # no run yet
    [december] = _months(cycle, entitlement)
    assert december.due_on == date(2026, 12, 2)
    _new_job(cycle, claim, date(2026, 11, 25))  # held from December until the centre decides
    service.check(db_session=cycle.db_session, today=date(2026, 12, 3))
    [december] = _months(cycle, entitlement)
    assert not december.late and december.paid_on is None
    assert service.watch(db_session=cycle.db_session, actor=CITIZEN, purpose="t") == []


def test_a_death_before_months_paid_makes_them_overpaid_once_with_payments_own(
    cycle: Cycle,
) -> None:
    claim, entitlement = _granted(cycle, date(2026, 11, 20))
    for month in (DEC, JAN, FEB):
        _run(cycle, "monthly", month)
    died = PersonDied(si_number=claim.si_number, date_of_death=date(2026, 12, 20))
    events.record(db_session=cycle.db_session, event=died)
    cycle.work()  # payments settles the estate and unemployment notices the ground: once each
    assert _overpayments(cycle, claim.si_number) == [(PAID, "open"), (PAID, "open")]
    again = PersonDied(si_number=claim.si_number, date_of_death=date(2026, 12, 20))
    events.record(db_session=cycle.db_session, event=again)  # the same death again
    cycle.work()
    assert _overpayments(cycle, claim.si_number) == [(PAID, "open"), (PAID, "open")]
    months = service.months_of(
        db_session=cycle.db_session, si_number=claim.si_number, actor=CITIZEN, purpose="t"
    )
    assert [(m.month, m.overpaid_by) for m in months if m.overpaid_by] == [
        (JAN, "death"),
        (FEB, "death"),
    ]
    assert entitlement.hold_reason == "termination_ground"


def test_a_resumed_month_is_due_again_from_the_resumption(cycle: Cycle) -> None:
    claim, entitlement = _granted(cycle, date(2026, 11, 20))
    service.check(db_session=cycle.db_session, today=date(2026, 12, 1))  # no run yet
    cycle.act("/v1/notices/check", {"month": DEC.isoformat()})  # no notice: suspended
    cycle.deliver()
    service.check(db_session=cycle.db_session, today=date(2026, 12, 3))
    [december] = _months(cycle, entitlement)
    assert (december.due_on, december.late) == (date(2026, 12, 2), False)

    with clock.frozen_at(date(2026, 12, 9)):
        service.file_notice(
            db_session=cycle.db_session,
            si_number=claim.si_number,
            claim_id=claim.claim_id,
            month=DEC,
            actor=CITIZEN,
            purpose="t",
        )
        cycle.send()
        cycle.deliver()  # the centre resumes on the 9th
    assert claim.status == "granted"
    [december] = _months(cycle, entitlement)
    assert (december.trigger_on, december.due_on) == (date(2026, 12, 9), date(2026, 12, 16))
    service.check(db_session=cycle.db_session, today=date(2026, 12, 10))
    [december] = _months(cycle, entitlement)
    assert not december.late
