"""Newborns' TE cards with no application (a batch at a time), a card ended on death; audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.health import service as health
from ansinh.health.enums import CardStatus
from ansinh.health.exceptions import CardNotFound
from ansinh.health.jobs import issue_cards
from ansinh.health.schemas import CardChange


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


def end_card_on_death(
    *, db_session: Session, si_number: str, date_of_death: date, actor: Actor, purpose: str
) -> bool:
    """End the person's current card on the day of death; False if there was none in force."""
    change = CardChange(status=CardStatus.ENDED, reason="death", effective_on=date_of_death)
    try:
        health.change_card(
            db_session=db_session, si_number=si_number, change=change, actor=actor, purpose=purpose
        )
    except CardNotFound:
        return False
    return True
