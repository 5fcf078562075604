"""Card reads and primary-care changes for a citizen's own pages, each audited in the verb."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.health import service as health
from ansinh.health.cards import qr
from ansinh.health.eligibility.service import CardView, PersonView
from ansinh.health.exceptions import CardNotFound
from ansinh.health.models import Facility
from ansinh.health.schemas import CardChange
from ansinh.rules.reads import law
from ansinh.rules.store import ParameterError

WINDOW = "health/primary_care_change_window"


@dataclass(frozen=True)
class HiCard:
    """A person's current card with its holder and signed QR, and today's card if another."""

    holder: PersonView
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
        holder=person,
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


@dataclass(frozen=True)
class ChangeWindow:
    """The days of a quarter on which a primary-care change is accepted (and takes effect)."""

    opens: date
    closes: date

    def open_on(self, day: date) -> bool:
        """Tell whether a change made on `day` is accepted."""
        return self.opens <= day <= self.closes


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _window_days(start: date) -> int:
    days = law(WINDOW, start)
    if not isinstance(days, int):
        raise ParameterError(f"{WINDOW}: expected a number of days")
    return days


def primary_care_window(on: date) -> ChangeWindow:
    """The window open on `on`, or else the next one (the HI rules in force then set its days)."""
    start = _quarter_start(on)
    days = _window_days(start)
    if on >= start + timedelta(days=days):
        start = _quarter_start(start + timedelta(days=92))
        days = _window_days(start)
    return ChangeWindow(opens=start, closes=start + timedelta(days=days - 1))


def current_facility_code(*, db_session: Session, si_number: str) -> str | None:
    """The facility on the person's current card, to refuse a change that changes nothing."""
    _, card = health.current_card(db_session=db_session, si_number=si_number)
    return card.facility_code
