"""Card reads and primary-care changes for a citizen's own pages, each audited in the verb."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.health import service as health
from ansinh.health.cards import qr
from ansinh.health.eligibility.service import CardView
from ansinh.health.exceptions import CardNotFound
from ansinh.health.models import Facility
from ansinh.health.schemas import CardChange


@dataclass(frozen=True)
class HiCard:
    """A person's current card with its signed QR, and the card in force today if another."""

    card: CardView
    qr_jws: str
    qr_svg_data_uri: str
    in_force_today: CardView | None = None


def read_hi_card(
    *, db_session: Session, actor: Actor, si_number: str, purpose: str
) -> HiCard | None:
    """The person's current card (and today's, before it starts), or None; the read is audited."""
    try:
        person, cards = health.cards_in_use(db_session=db_session, si_number=si_number)
    except CardNotFound:
        return None
    card = cards[-1]
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action="read",
        resource="health.card",
        purpose=purpose,
    )
    token = qr.sign_card(person, card)
    image = base64.b64encode(qr.render(token, "svg")).decode()
    return HiCard(
        card=card,
        qr_jws=token,
        qr_svg_data_uri=f"data:image/svg+xml;base64,{image}",
        in_force_today=cards[0] if len(cards) > 1 else None,
    )


def has_card(*, db_session: Session, si_number: str) -> bool:
    """True if the person has a current card (nothing is disclosed, so nothing is audited)."""
    try:
        health.current_card(db_session=db_session, si_number=si_number)
    except CardNotFound:
        return False
    return True


def primary_care_facilities(
    *, db_session: Session, province_code: str | None
) -> Sequence[Facility]:
    """Active facilities taking primary-care registrations, in the province if given."""
    statement = health.list_facilities(province_code=province_code)
    return [f for f in db_session.scalars(statement) if f.primary_care and f.active]


def change_primary_care(
    *, db_session: Session, actor: Actor, si_number: str, facility_code: str, purpose: str
) -> None:
    """Move the person's current card to `facility_code`; the change is audited."""
    health.change_card(
        db_session=db_session,
        si_number=si_number,
        change=CardChange(facility_code=facility_code),
        actor=actor,
        purpose=purpose,
    )
