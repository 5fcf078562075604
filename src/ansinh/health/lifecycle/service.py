"""Newborns' TE cards with no application (a batch at a time), a card paid by a fund, a card
ended on death; each audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.events import service as events
from ansinh.core.security.actor import Actor
from ansinh.health import service as health
from ansinh.health.enums import CardStatus
from ansinh.health.jobs import benefit_levels, issue_cards
from ansinh.health.models import Card, Facility
from ansinh.health.schemas import CardChange, CardIssued


def _primary_care(db_session: Session, province_code: str) -> str | None:
    return db_session.scalar(
        select(Facility.code)
        .where(Facility.province_code == province_code, Facility.primary_care, Facility.active)
        .order_by(Facility.code)
        .limit(1)
    )


def issue_newborn_cards(
    *, db_session: Session, staging: str, on: date, actor: Actor, purpose: str
) -> int:
    """Issue TE cards from birth to the children staged in `staging` (its `si_number` column).

    The issuance run's rules restricted to the batch (level and validity in force `on`); a
    child already holding a current card keeps it. Audited per child; the cards issued.
    """
    summary = issue_cards(connection=db_session.connection(), on=on, among=staging)
    audit.record_from_select(
        db_session=db_session,
        actor=actor,
        subjects=f"SELECT si_number AS subject FROM {staging}",
        action="create",
        resource="health.card",
        purpose=purpose,
    )
    return summary.issued


def issue_fund_card(
    *,
    db_session: Session,
    si_number: str,
    object_code: str,
    province_code: str,
    valid_from: date,
    valid_to: date,
    actor: Actor,
    purpose: str,
) -> Card:
    """Issue a card paid by a fund (TN: the unemployment fund), replacing the current card.

    The new card is inserted pointing at itself, the old one at it, then the new one becomes
    current, so the one-current-card index holds at every statement.
    """
    current = db_session.scalar(
        select(Card).where(Card.si_number == si_number, Card.replaced_by.is_(None))
    )
    new_id = db_session.scalar(
        text("SELECT nextval(pg_get_serial_sequence('hi_cards', 'card_id'))")
    )
    card = Card(
        card_id=new_id,
        si_number=si_number,
        object_code=object_code,
        benefit_level=benefit_levels(valid_from, (object_code,))[object_code],
        province_code=province_code,
        valid_from=valid_from,
        valid_to=valid_to,
        facility_code=current.facility_code
        if current
        else _primary_care(db_session, province_code),
        replaced_by=new_id,
    )
    db_session.add(card)
    db_session.flush()
    if current is not None:
        current.replaced_by = new_id
        db_session.flush()
    card.replaced_by = None
    db_session.flush()
    issued = CardIssued(
        card_id=new_id,
        si_number=si_number,
        object_code=object_code,
        valid_from=valid_from,
        valid_to=valid_to,
        renewal=current is not None,
    )
    events.record(db_session=db_session, event=issued)
    health.audit_card(db_session, si_number, actor=actor, purpose=purpose, action="create")
    return card


def end_cards_on_death(
    *, db_session: Session, deaths: Sequence[tuple[str, date]], actor: Actor, purpose: str
) -> int:
    """End each dead person's current card on the day of death, as a set; audited per person.

    `deaths` are (SI number, date of death). A withdrawn card stays withdrawn; an ended one
    takes death as its reason. Running it again changes nothing more. The cards ended.
    """
    if not deaths:
        return 0
    ended = db_session.scalars(
        text(
            "UPDATE hi_cards c SET status = :ended, status_reason = 'death', "
            "status_changed_on = d.died_on, updated_at = now(), "
            "valid_to = GREATEST(c.valid_from, LEAST(c.valid_to, d.died_on)) "
            "FROM unnest(CAST(:si AS text[]), CAST(:on AS date[])) AS d(si_number, died_on) "
            "WHERE c.si_number = d.si_number AND c.replaced_by IS NULL "
            "AND c.status <> :withdrawn "
            "AND (c.status <> :ended OR c.status_reason IS DISTINCT FROM 'death') "
            "RETURNING c.si_number"
        ),
        {
            "si": [si for si, _ in deaths],
            "on": [on for _, on in deaths],
            "ended": CardStatus.ENDED.value,
            "withdrawn": CardStatus.WITHDRAWN.value,
        },
    ).all()
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=ended,
        action="update",
        resource="health.card",
        purpose=purpose,
    )
    return len(ended)


def end_fund_card(
    *,
    db_session: Session,
    si_number: str,
    object_code: str,
    last_day: date,
    actor: Actor,
    purpose: str,
) -> bool:
    """End the person's current card paid by a fund (`object_code`, TN: the unemployment fund)
    after `last_day`, when its benefit ends; False if there is no such card still running past
    it (another card replaced it, or it was ended already: idempotent)."""
    card = db_session.scalar(
        select(Card).where(Card.si_number == si_number, Card.replaced_by.is_(None))
    )
    if card is None or card.object_code != object_code or card.status in ("ended", "withdrawn"):
        return False
    if card.valid_to <= last_day:
        return False
    change = CardChange(status=CardStatus.ENDED, reason="stopped", effective_on=last_day)
    health.change_card(
        db_session=db_session, si_number=si_number, change=change, actor=actor, purpose=purpose
    )
    return True
