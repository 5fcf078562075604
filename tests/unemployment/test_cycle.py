"""A claim through the centre and back: refusal in time, grant, card, payments, stops, moves."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.events import service as events
from ansinh.health.models import Card
from ansinh.registry.schemas import EmploymentStarted
from ansinh.unemployment import service
from ansinh.unemployment.models import Ground, InboxEntry
from ansinh.unemployment.schemas import ClaimIn
from ansinh.worker import load_handlers
from sandbox.employment import store as centre_store
from tests.unemployment.conftest import CITIZEN, TODAY, Cycle

PAID = 7_200_000  # 60 % of a 12,000,000 salary, under the cap
DEC, JAN, FEB = date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)
LATER = date(2030, 1, 1)


def test_a_claim_after_three_months_is_refused_with_the_deadline(cycle: Cycle) -> None:
    si = cycle.claimant(ended=date(2026, 7, 15))
    late = ClaimIn(terminated_on=date(2026, 7, 15), province_code="79")
    with clock.frozen_at(TODAY), pytest.raises(Unprocessable) as refused:
        service.file_claim(
            db_session=cycle.db_session, si_number=si, claim_in=late, actor=CITIZEN, purpose="t"
        )
    assert "Đã quá hạn nộp hồ sơ" in str(refused.value)
    assert "15/10/2026" in str(refused.value)


def test_a_deadline_on_a_weekend_moves_to_the_next_working_day() -> None:
    assert service.filing_deadline(date(2026, 7, 31)) == date(2026, 11, 2)  # 31/10 is a Saturday


def test_grant_issues_a_fund_card_and_a_monthly_schedule(cycle: Cycle) -> None:
    si = cycle.claimant()
    claim = cycle.file(si)
    assert claim.status == "forwarded"
    assert cycle.assess(claim)["kind"] == "grant"
    assert cycle.deliver() == (1, 0)

    [entitlement] = cycle.entitlements(claim)
    assert (entitlement.centre_amount, entitlement.our_amount) == (PAID, PAID)
    assert (entitlement.first_month, entitlement.last_month) == (DEC, date(2027, 5, 1))
    assert claim.status == "granted"
    card = cycle.db_session.scalar(
        select(Card).where(Card.si_number == si, Card.replaced_by.is_(None))
    )
    assert card is not None and card.object_code == "TN"
    assert (card.valid_from, card.valid_to) == (DEC, date(2027, 5, 31))
    schedule = cycle.schedule(entitlement)
    assert schedule is not None
    assert (schedule.amount, schedule.purpose, schedule.status) == (PAID, "BENE", "active")
    assert (schedule.start, schedule.end) == (DEC, date(2027, 5, 1))


def test_a_missed_notice_suspends_and_the_next_resumes_with_arrears(cycle: Cycle) -> None:
    claim = cycle.file(cycle.claimant())
    cycle.assess(claim)
    cycle.deliver()
    [entitlement] = cycle.entitlements(claim)

    suspended = cycle.act("/v1/notices/check", {"month": JAN.isoformat()})
    assert [d["kind"] for d in suspended] == ["suspension"]
    cycle.deliver()
    schedule = cycle.schedule(entitlement)
    assert schedule is not None and (schedule.status, schedule.status_since) == ("suspended", JAN)
    assert claim.status == "suspended"

    with clock.frozen_at(FEB):
        made = service.file_notice(
            db_session=cycle.db_session,
            si_number=claim.si_number,
            claim_id=claim.claim_id,
            month=FEB,
            actor=CITIZEN,
            purpose="t",
        )
    assert made
    assert cycle.send() == 1  # the notice reaches the centre, which resumes the benefit
    cycle.deliver()
    schedule = cycle.schedule(entitlement)
    assert schedule is not None
    assert schedule.status == "active" and schedule.status_since is None
    assert schedule.arrears_from is not None and schedule.arrears_from <= JAN  # January owed
    assert claim.status == "granted"


def test_a_new_employer_declaration_sends_a_ground_and_holds_payment(cycle: Cycle) -> None:
    claim = cycle.file(cycle.claimant())
    cycle.assess(claim)
    cycle.deliver()
    [entitlement] = cycle.entitlements(claim)

    started = EmploymentStarted(
        employment_id=1, si_number=claim.si_number, unit_code="TS79000002", start_date=JAN
    )
    events.record(db_session=cycle.db_session, event=started)
    cycle.work()
    schedule = cycle.schedule(entitlement)
    assert schedule is not None
    assert (schedule.status, schedule.status_since) == ("held", FEB)
    assert cycle.send() == 1
    ground = cycle.db_session.scalar(select(Ground).where(Ground.claim_id == claim.claim_id))
    assert ground is not None and ground.sent_at is not None and ground.ground == "new_job"

    cycle.deliver()  # the centre's termination: paid up to December
    schedule = cycle.schedule(entitlement)
    assert schedule is not None and schedule.end == DEC
    assert (claim.status, claim.reason) == ("ended", "new_job")


def test_a_chunk_of_new_jobs_grounds_only_the_benefit_running_after_one(cycle: Cycle) -> None:
    claim = cycle.file(cycle.claimant())
    cycle.assess(claim)
    cycle.deliver()
    [entitlement] = cycle.entitlements(claim)
    others = [
        EmploymentStarted(
            employment_id=n, si_number=f"79{n:08d}", unit_code="TS79000002", start_date=JAN
        )
        for n in range(1, 198)
    ]
    own = [
        EmploymentStarted(  # after the benefit's last month: no ground
            employment_id=301, si_number=claim.si_number, unit_code="TS79000003", start_date=LATER
        ),
        EmploymentStarted(
            employment_id=302, si_number=claim.si_number, unit_code="TS79000004", start_date=JAN
        ),
        EmploymentStarted(  # a second job the same month: the same ground, not a second one
            employment_id=303, si_number=claim.si_number, unit_code="TS79000005", start_date=JAN
        ),
    ]
    for job in others + own:
        events.record(db_session=cycle.db_session, event=job)
    load_handlers()

    ran = events.handle_many(
        db_session=cycle.db_session,
        event_ids=[job.event_id for job in others + own],
        handler="ansinh.unemployment.events.new_job",
    )
    assert ran == 200
    grounds = cycle.db_session.scalars(select(Ground).where(Ground.claim_id == claim.claim_id))
    assert [(g.ground, g.occurred_on) for g in grounds] == [("new_job", JAN)]
    schedule = cycle.schedule(entitlement)
    assert schedule is not None and (schedule.status, schedule.status_since) == ("held", FEB)


def test_a_centre_amount_different_from_ours_is_held_for_an_officer(cycle: Cycle) -> None:
    claim = cycle.file(cycle.claimant())
    cycle.assess(claim, amount=PAID + 500_000)
    cycle.deliver()
    [entitlement] = cycle.entitlements(claim)
    assert (entitlement.status, entitlement.hold_reason) == ("held", "amount_mismatch")
    assert cycle.schedule(entitlement) is None
    held = service.held(db_session=cycle.db_session, actor=CITIZEN, purpose="t")
    assert [(h.centre_amount, h.our_amount) for h in held] == [(PAID + 500_000, PAID)]

    service.release(
        db_session=cycle.db_session,
        entitlement_id=entitlement.entitlement_id,
        amount="ours",
        actor=CITIZEN,
        purpose="t",
    )
    schedule = cycle.schedule(entitlement)
    assert schedule is not None and schedule.amount == PAID


def test_a_province_transfer_moves_the_remaining_months(cycle: Cycle) -> None:
    claim = cycle.file(cycle.claimant())
    cycle.assess(claim)
    cycle.deliver()
    cycle.decide(claim, "transfer", JAN, to_province="01")
    cycle.deliver()
    old, moved = cycle.entitlements(claim)
    assert (old.status, old.last_month) == ("moved", DEC)
    assert (moved.province_code, moved.first_month, moved.last_month) == (
        "01",
        JAN,
        date(2027, 5, 1),
    )
    old_schedule, new_schedule = cycle.schedule(old), cycle.schedule(moved)
    assert old_schedule is not None and old_schedule.end == DEC
    assert new_schedule is not None and new_schedule.province_code == "01"
    assert claim.province_code == "01"


def test_duplicate_and_out_of_order_decisions_apply_once(cycle: Cycle) -> None:
    claim = cycle.file(cycle.claimant())
    grant = cycle.assess(claim)
    with cycle.centre.connect() as connection:
        centre_store.delay(connection, grant["decision_id"], timedelta(minutes=1))
    cycle.act("/v1/notices/check", {"month": DEC.isoformat()})  # a suspension, seq 2
    cycle.deliver()
    assert [(e.seq, e.state) for e in cycle.entries()] == [(2, "waiting")]
    assert claim.status == "forwarded"

    cycle.deliver(later=timedelta(minutes=2))  # the grant arrives: it applies, then seq 2
    assert [(e.seq, e.state) for e in cycle.entries()] == [(2, "done"), (1, "done")]
    assert claim.status == "suspended"

    cycle.act(f"/v1/decisions/{grant['decision_id']}/renotify", {})
    cycle.deliver(later=timedelta(minutes=2))
    assert [e.state for e in cycle.entries()] == ["done", "done", "duplicate"]
    assert len(cycle.entitlements(claim)) == 1


def test_a_batch_keeps_one_entry_per_decision_queues_one_job_and_a_resent_one_is_a_duplicate(
    cycle: Cycle,
) -> None:
    first, second = cycle.file(cycle.claimant()), cycle.file(cycle.claimant())
    grant = cycle.assess(first)
    cycle.assess(second)

    assert cycle.deliver(batch=10) == (2, 0)
    entries = cycle.entries()
    assert [e.state for e in entries] == ["done", "done"]
    assert (first.status, second.status) == ("granted", "granted")
    queued = cycle.db_session.scalars(
        text("SELECT args FROM procrastinate_jobs WHERE task_name = 'unemployment:handle'")
    ).all()
    assert queued == [{"inbox_ids": [e.inbox_id for e in entries]}]

    cycle.act(f"/v1/decisions/{grant['decision_id']}/renotify", {})
    assert cycle.deliver(later=timedelta(minutes=2), batch=10) == (1, 0)
    assert [e.state for e in cycle.entries()] == ["done", "done", "duplicate"]
    assert len(cycle.entitlements(first)) == 1


def test_a_grant_ending_before_it_starts_fails_alone_and_the_next_decision_applies(
    cycle: Cycle,
) -> None:
    claim = cycle.file(cycle.claimant())
    backwards = {
        "amount": PAID,
        "months": 3,
        "first_month": "2027-02-01",
        "last_month": "2026-12-01",
    }
    entries = [
        InboxEntry(
            raw="{}",
            signature_ok=True,
            decision_id=uuid.uuid4(),
            claim_id=claim.claim_id,
            seq=seq,
            kind=kind,
            payload=payload,
            state="pending",
        )
        for seq, kind, payload in ((1, "grant", backwards), (2, "refusal", {"reason": "Hủy"}))
    ]
    cycle.db_session.add_all(entries)
    cycle.db_session.flush()

    states = service.handle_many(
        db_session=cycle.db_session, inbox_ids=[e.inbox_id for e in entries]
    )

    assert states == ["failed", "done"]
    assert "last month is before its first" in str(entries[0].refusal)
    assert cycle.entitlements(claim) == []
    assert claim.status == "refused"
