"""Life-event verbs: subscribe, handle an inbox entry once, retry the waiting, count the chains."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.errors import reasons_of
from ansinh.core.jobs.queue import enqueue
from ansinh.core.security.actor import Actor
from ansinh.health import service as health
from ansinh.health.exceptions import CardNotFound
from ansinh.lifeevents.births import settle_births
from ansinh.lifeevents.deaths import hold_report, settle_deaths
from ansinh.lifeevents.inbox import HANDLE, open_entries
from ansinh.lifeevents.models import Birth, DeathReport, InboxEntry, Subscription
from ansinh.lifeevents.schemas import BirthBody, ChainCount, ChildCard, DeathBody
from ansinh.linkage import service as linkage
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonCreate
from ansinh.rules.calendar import working_days_between
from ansinh.rules.reads import law

DEADLINES = {
    "birth": "lifeevents/birth_chain_deadline_working_days",
    "death": "lifeevents/death_chain_deadline_working_days",
}
BATCH = 1_000
OPEN = ("pending", "waiting")
CARD_FIELDS = (
    "object_code",
    "benefit_level",
    "valid_from",
    "valid_to",
    "status",
    "facility_name",
)
VIETNAM = "Asia/Ho_Chi_Minh"


def add_subscription(
    *, db_session: Session, subscription_id: uuid.UUID, source: str, jwks: dict[str, Any]
) -> Subscription:
    """Keep a subscription held at another agency and the keys its notifications are signed with."""
    subscription = Subscription(subscription_id=subscription_id, source=source, jwks=jwks)
    db_session.merge(subscription)
    db_session.flush()
    return subscription


def handle(*, db_session: Session, inbox_id: int) -> str:
    """Act on one inbox entry once; its state (`waiting` when the person is not known yet)."""
    states = handle_batch(db_session=db_session, inbox_ids=[inbox_id])
    if inbox_id in states:
        return states[inbox_id]
    entry = db_session.get(InboxEntry, inbox_id)
    return entry.state if entry is not None else "unknown"


def handle_batch(*, db_session: Session, inbox_ids: Sequence[int]) -> dict[int, str]:
    """Act on open inbox entries once, as a set; each entry's new state (absent: locked).

    The rows are locked (`SKIP LOCKED`) and their states change in the transaction of the
    effects, so a crash before the commit leaves them `pending` for the replay, and a replay
    after it does nothing. Births go first, so a death notified before the birth of the same
    batch is settled with it; a malformed registration is `failed` with its reason.
    """
    entries = list(
        db_session.scalars(
            select(InboxEntry)
            .where(InboxEntry.inbox_id.in_(inbox_ids), InboxEntry.state.in_(OPEN))
            .order_by(InboxEntry.inbox_id)
            .with_for_update(skip_locked=True)
        )
    )
    births: list[tuple[int, BirthBody]] = []
    deaths: list[tuple[int, dict[str, Any]]] = []
    for entry in entries:
        entry.attempts += 1
        try:
            body = _parsed(entry)
        except ValidationError as exc:
            entry.state, entry.refusal = (
                "failed",
                f"invalid registration: {reasons_of(exc.errors())}",
            )
            continue
        entry.registered_on = body.registered_on
        if isinstance(body, BirthBody):
            births.append((entry.inbox_id, body))
        else:
            deaths.append((entry.inbox_id, body.model_dump(mode="json", exclude={"registered_on"})))
    today = clock.today()
    settled: dict[int, str | None] = {**settle_births(db_session, births, on=today)}
    settled |= settle_deaths(db_session, deaths, on=today)
    now = clock.now()
    for entry in entries:
        if entry.state == "failed":
            continue
        entry.si_number = settled.get(entry.inbox_id)
        entry.state = "done" if entry.si_number is not None else "waiting"
        entry.handled_at = now if entry.state == "done" else None
    db_session.flush()
    return {entry.inbox_id: entry.state for entry in entries}


def _parsed(entry: InboxEntry) -> BirthBody | DeathBody:
    if entry.kind == "birth":
        birth = BirthBody.model_validate(entry.payload)
        PersonCreate.model_validate(birth.model_dump(include=set(PersonCreate.model_fields)))
        return birth
    return DeathBody.model_validate(entry.payload)


def report_bank_death(
    *, db_session: Session, si_number: str, reference: str, reported_on: date
) -> bool:
    """Keep a bank's death report (MD07) once; settle the death if the register confirms it.

    Confirmed: the same death chain as the civil registry's (once per person, whichever comes
    first), dated by a held hospital notice if any, else by the bank's report. Unconfirmed: held
    for an officer, stopping nothing. True when the death is settled.
    """
    person = registry.get_person(db_session=db_session, si_number=si_number)
    known = db_session.scalar(
        select(DeathReport).where(DeathReport.source == "bank", DeathReport.reference == reference)
    )
    if known is None:
        hold_report(
            db_session,
            source="bank",
            reference=reference,
            si_number=si_number,
            personal_id=person.personal_id,
            date_of_death=reported_on,
        )
    if person.personal_id is None or not linkage.dead_in_register(person.personal_id):
        return False
    hospital = db_session.scalar(
        select(func.min(DeathReport.date_of_death)).where(
            DeathReport.si_number == si_number, DeathReport.source == "hospital"
        )
    )
    facts = {
        "record_id": None,
        "personal_id": person.personal_id,
        "date_of_death": (hospital or reported_on).isoformat(),
        "application": None,
    }
    settle_deaths(db_session, [(0, facts)], source="bank", on=clock.today())
    return True


def pending(*, db_session: Session, limit: int = BATCH) -> list[int]:
    """Entries waiting for their first handling, oldest first (a worker's next set)."""
    return open_entries(
        db_session=db_session, state="pending", received_before=clock.now(), limit=limit
    )


def requeue(
    *, db_session: Session, state: str, older_than: timedelta = timedelta(), limit: int = BATCH
) -> int:
    """Queue the handling of entries left `pending` (a crash) or `waiting` (unknown person).

    Queued waiting entries become `pending` again, so the many persons registered in one
    delivery chunk queue each of them once, not once per person.
    """
    before = clock.now() - older_than
    entries = open_entries(db_session=db_session, state=state, received_before=before, limit=limit)
    for inbox_id in entries:
        enqueue(db_session, HANDLE, {"inbox_id": inbox_id})
    if entries and state == "waiting":
        db_session.execute(
            update(InboxEntry).where(InboxEntry.inbox_id.in_(entries)).values(state="pending")
        )
    return len(entries)


def children_cards(
    *, db_session: Session, parent_si_number: str, actor: Actor, purpose: str
) -> list[ChildCard]:
    """A parent's children (from the birth registrations) with their HI cards; audited."""
    children = list(
        db_session.scalars(
            select(Birth.child_si_number)
            .where(
                or_(
                    Birth.mother_si_number == parent_si_number,
                    Birth.father_si_number == parent_si_number,
                )
            )
            .order_by(Birth.date_of_birth.desc())
        )
    )
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[parent_si_number, *children],
        action="read",
        resource="lifeevents.children",
        purpose=purpose,
    )
    return [_child_card(db_session, child) for child in children]


def _child_card(db_session: Session, si_number: str) -> ChildCard:
    person = registry.get_person(db_session=db_session, si_number=si_number)
    known = {"full_name": person.full_name, "date_of_birth": person.date_of_birth}
    try:
        _, card = health.current_card(db_session=db_session, si_number=si_number)
    except CardNotFound:
        return ChildCard.model_validate(known | dict.fromkeys(CARD_FIELDS))
    return ChildCard.model_validate(known | {f: getattr(card, f) for f in CARD_FIELDS})


def chain_counts(*, db_session: Session, on: date | None = None) -> list[ChainCount]:
    """Integrated-procedure records handled, by chain, and how many settled within the deadline.

    The clock starts at the registration, or at the notification's receipt when the registry
    sent it later: the agency cannot settle what it has not received.
    """
    day = on or clock.today()
    handled_on = func.date(func.timezone(VIETNAM, InboxEntry.handled_at))
    started_on = func.greatest(
        InboxEntry.registered_on, func.date(func.timezone(VIETNAM, InboxEntry.received_at))
    )
    rows = db_session.execute(
        select(InboxEntry.kind, started_on, handled_on, func.count())
        .where(InboxEntry.state == "done")
        .group_by(InboxEntry.kind, started_on, handled_on)
    ).all()
    counts = []
    for kind, key in DEADLINES.items():
        limit = int(str(law(key, day)))
        settled = [(r, h, n) for k, r, h, n in rows if k == kind]
        within = sum(n for r, h, n in settled if working_days_between(r, h) <= limit)
        counts.append(
            ChainCount(
                kind=kind,
                handled=sum(n for _, _, n in settled),
                within_deadline=within,
                deadline_working_days=limit,
            )
        )
    return counts
