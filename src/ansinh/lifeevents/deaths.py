"""The death chain: `PersonDied` for a registered death; hospital and bank reports held."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.events import service as events
from ansinh.core.security.actor import SYSTEM
from ansinh.lifeevents.models import DeathReport
from ansinh.lifeevents.people import si_number_of
from ansinh.lifeevents.schemas import DeathBody
from ansinh.registry.schemas import PersonDied

PURPOSE = "announce a death the civil registry registered (integrated procedure 1.006714)"


def settle_death(db_session: Session, body: DeathBody) -> str | None:
    """Announce the death of a known person and confirm held reports; None if not known yet."""
    si_number = si_number_of(db_session, body.personal_id)
    if si_number is None:
        return None
    died = PersonDied(si_number=si_number, date_of_death=body.date_of_death)
    events.record(db_session=db_session, event=died)
    audit.record(
        db_session=db_session,
        actor=SYSTEM,
        subjects=[si_number],
        action="update",
        resource="lifeevents.death",
        purpose=PURPOSE,
    )
    db_session.execute(
        update(DeathReport)
        .where(DeathReport.si_number == si_number, DeathReport.confirmed_at.is_(None))
        .values(confirmed_at=clock.now())
    )
    return si_number


def hold_report(
    db_session: Session,
    *,
    source: str,
    reference: str,
    si_number: str | None,
    personal_id: str | None,
    date_of_death: date,
) -> DeathReport:
    """Keep a hospital's or bank's death report, held until the civil registry confirms it.

    A held report never stops a payment: only the registry's death publishes `PersonDied`.
    """
    report = DeathReport(
        source=source,
        reference=reference[:60],
        si_number=si_number or si_number_of(db_session, personal_id),
        personal_id=personal_id,
        date_of_death=date_of_death,
    )
    db_session.add(report)
    db_session.flush()
    return report
