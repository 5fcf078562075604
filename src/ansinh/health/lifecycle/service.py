"""Newborns' TE cards with no application (a batch at a time), cards paid by a fund, a card
ended on death; each audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import case, insert, select, text, update
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.events.service import record_set
from ansinh.core.security.actor import Actor
from ansinh.health import service as health
from ansinh.health.enums import CardStatus
from ansinh.health.jobs import benefit_levels, issue_cards
from ansinh.health.models import Card, Facility
from ansinh.health.schemas import CardChange, CardIssued, FundCard


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


def issue_fund_cards(
    *, db_session: Session, cards: Sequence[FundCard], actor: Actor, purpose: str
) -> int:
    """Issue cards paid by a fund, each replacing its holder's current card, as a set.

    The new cards are inserted pointing at themselves, the old ones at them, then the new ones
    become current, so the one-current-card index holds at every statement. A holder keeps the
    old card's primary-care facility. One `CardIssued` and one audit entry per card; the count.
    """
    if not cards:
        return 0
    holders = [c.si_number for c in cards]
    if len(set(holders)) < len(holders):
        raise ValueError("one fund card per person in a set")
    held = {
        row.si_number: row
        for row in db_session.execute(
            select(Card.si_number, Card.card_id, Card.facility_code).where(
                Card.si_number.in_(holders), Card.replaced_by.is_(None)
            )
        )
    }
    new_ids = db_session.scalars(
        text(
            "SELECT nextval(pg_get_serial_sequence('hi_cards', 'card_id')) "
            "FROM generate_series(1, :n)"
        ),
        {"n": len(cards)},
    ).all()
    primary = {
        province: _primary_care(db_session, province)
        for province in {c.province_code for c in cards if c.si_number not in held}
    }
    db_session.execute(
        insert(Card),
        [
            {
                "card_id": new_id,
                **card.model_dump(),
                "benefit_level": benefit_levels(card.valid_from, (card.object_code,))[
                    card.object_code
                ],
                "facility_code": held[card.si_number].facility_code
                if card.si_number in held
                else primary[card.province_code],
                "replaced_by": new_id,
            }
            for new_id, card in zip(new_ids, cards, strict=True)
        ],
    )
    replacing = {
        held[card.si_number].card_id: new_id
        for new_id, card in zip(new_ids, cards, strict=True)
        if card.si_number in held
    }
    if replacing:
        db_session.execute(
            update(Card)
            .where(Card.card_id.in_(replacing))
            .values(replaced_by=case(replacing, value=Card.card_id)),
            execution_options={"synchronize_session": "fetch"},
        )
    db_session.execute(
        update(Card).where(Card.card_id.in_(new_ids)).values(replaced_by=None),
        execution_options={"synchronize_session": "fetch"},
    )
    record_set(
        db_session,
        CardIssued,
        "SELECT jsonb_build_object('card_id', card_id, 'si_number', si_number, "
        "'object_code', object_code, 'valid_from', valid_from, 'valid_to', valid_to, "
        "'renewal', card_id = ANY(:renewals)) AS payload "
        "FROM hi_cards WHERE card_id = ANY(:new_ids)",
        {"new_ids": list(new_ids), "renewals": list(replacing.values())},
    )
    health.audit_cards(db_session, holders, actor=actor, purpose=purpose, action="create")
    return len(cards)


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
    health.audit_cards(db_session, ended, actor=actor, purpose=purpose, action="update")
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
