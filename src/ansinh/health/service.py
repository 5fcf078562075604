"""Health insurance use cases besides the hot path. Services flush; the boundary commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.audit.service import AuditAction
from ansinh.core.clock import today
from ansinh.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.health.eligibility.clinic import Clinic
from ansinh.health.eligibility.service import CardQuery, CardView, PersonView, in_force, lookup
from ansinh.health.exceptions import CardNotFound, FacilityNotFound
from ansinh.health.models import Card, Check, CheckIn, Facility, FacilityUser
from ansinh.health.schemas import (
    CardChange,
    CheckInCreate,
    DailyCount,
    FacilityCreate,
    FacilityUserCreate,
)

VIETNAM = "Asia/Ho_Chi_Minh"
MAX_STATS_DAYS = 366
CountBy = Literal["facility", "province"]


def _flush_unique(db_session: Session, what: str) -> None:
    try:
        with db_session.begin_nested():
            db_session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{what} is already registered") from exc


def create_facility(*, db_session: Session, facility_in: FacilityCreate) -> Facility:
    """Register a medical facility."""
    if db_session.get(Facility, facility_in.code) is not None:
        raise Conflict(f"facility {facility_in.code} is already registered")
    facility = Facility(**facility_in.model_dump(), active=True)
    db_session.add(facility)
    db_session.flush()
    return facility


def get_facility(*, db_session: Session, code: str) -> Facility:
    """Return the facility or raise FacilityNotFound."""
    facility = db_session.get(Facility, code)
    if facility is None:
        raise FacilityNotFound(code)
    return facility


def list_facilities(*, province_code: str | None = None) -> Select[Facility]:
    """Build the query listing facilities, optionally by province."""
    statement = select(Facility).order_by(Facility.code)
    if province_code:
        statement = statement.where(Facility.province_code == province_code)
    return statement


def add_facility_user(
    *, db_session: Session, facility_code: str, user_in: FacilityUserCreate
) -> FacilityUser:
    """Put a clerk on a facility's user list."""
    get_facility(db_session=db_session, code=facility_code)
    user = FacilityUser(facility_code=facility_code, **user_in.model_dump())
    db_session.add(user)
    _flush_unique(db_session, "this clerk")
    return user


def list_facility_users(*, db_session: Session, facility_code: str) -> Sequence[FacilityUser]:
    """A facility's clerks, by name."""
    get_facility(db_session=db_session, code=facility_code)
    return db_session.scalars(
        select(FacilityUser)
        .where(FacilityUser.facility_code == facility_code)
        .order_by(FacilityUser.full_name, FacilityUser.user_id)
    ).all()


def remove_facility_user(*, db_session: Session, facility_code: str, personal_id: str) -> bool:
    """Take a clerk off a facility's list; False if they were not on it."""
    clerk = find_clerk(db_session=db_session, facility_code=facility_code, personal_id=personal_id)
    if clerk is None:
        return False
    db_session.delete(clerk)
    db_session.flush()
    return True


def find_clerk(*, db_session: Session, facility_code: str, personal_id: str) -> FacilityUser | None:
    """The clerk with `personal_id` on the facility's list, if any."""
    return db_session.scalar(
        select(FacilityUser).where(
            FacilityUser.facility_code == facility_code, FacilityUser.personal_id == personal_id
        )
    )


def current_card(*, db_session: Session, si_number: str) -> tuple[PersonView, CardView]:
    """A person's current card, or CardNotFound (unaudited: for verbs that audit their read)."""
    person, cards = cards_in_use(db_session=db_session, si_number=si_number)
    return person, cards[-1]


def read_card(
    *, db_session: Session, si_number: str, actor: Actor, purpose: str
) -> tuple[PersonView, CardView]:
    """A person's current card, or CardNotFound; the read is audited."""
    person, card = current_card(db_session=db_session, si_number=si_number)
    audit_cards(db_session, [si_number], actor=actor, purpose=purpose, action="read")
    return person, card


def audit_cards(
    db_session: Session,
    si_numbers: Sequence[str],
    *,
    actor: Actor,
    purpose: str,
    action: AuditAction,
) -> None:
    """Record an audited action on each person's HI card (inside the verb that acts)."""
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=si_numbers,
        action=action,
        resource="health.card",
        purpose=purpose,
    )


def cards_in_use(
    *, db_session: Session, si_number: str, on: date | None = None
) -> tuple[PersonView, list[CardView]]:
    """The card in force `on` (today) if it is not the current one, then the current card."""
    day = on or today()
    person, cards = lookup(db_session=db_session, query=CardQuery("si_number", si_number), on=day)
    current = next((c for c in cards if c.replaced_by is None), None)
    if person is None or current is None:
        raise CardNotFound()
    dated = in_force(cards, day)
    return person, [dated, current] if dated and dated is not current else [current]


def change_card(
    *, db_session: Session, si_number: str, change: CardChange, actor: Actor, purpose: str
) -> Card:
    """Change the current card's primary-care facility or status (suspend, end...); audited."""
    card = db_session.scalar(
        select(Card).where(Card.si_number == si_number, Card.replaced_by.is_(None))
    )
    if card is None:
        raise CardNotFound()
    on = change.effective_on or today()
    if change.facility_code is not None:
        facility = db_session.get(Facility, change.facility_code)
        if facility is None or not facility.primary_care or not facility.active:
            raise Unprocessable(
                f"facility_code: {change.facility_code} does not take primary-care registrations"
            )
        card.facility_code = facility.code
    if change.status is not None:
        if card.status in ("ended", "withdrawn") and change.status != card.status:
            raise Conflict(f"the card is {card.status}; issue a new card instead")
        card.status = change.status
        card.status_reason = _reason(change)
        card.status_changed_on = on
        if change.status in ("ended", "withdrawn"):
            card.valid_to = max(card.valid_from, min(card.valid_to, on))
    db_session.flush()
    audit_cards(db_session, [si_number], actor=actor, purpose=purpose, action="update")
    return card


def _reason(change: CardChange) -> str | None:
    if change.status == "active":
        return None
    if change.status == "suspended":
        return change.reason or "lapsed"
    return change.reason


def record_check_in(
    *, db_session: Session, clinic: Clinic, check_in: CheckInCreate, actor: Actor, purpose: str
) -> CheckIn:
    """Record a visit after a usable check made by the same facility; the write is audited."""
    check = db_session.get(Check, check_in.check_id)
    if check is None:
        raise NotFound("no eligibility check with that id")
    if check.facility_code != clinic.facility_code:
        raise Forbidden("that check was made for another facility")
    if check.card_id is None or check.si_number is None or check.result_code > "004":
        raise Unprocessable(f"check_id: the check's result {check.result_code} is not usable")
    row = CheckIn(
        check_id=check.check_id,
        facility_code=check.facility_code,
        client_id=actor.id,
        si_number=check.si_number,
        card_id=check.card_id,
        visit_type=check_in.visit_type,
        checked_in_at=check_in.checked_in_at or clock.now(),
    )
    db_session.add(row)
    _flush_unique(db_session, "a check-in for this check")
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[row.si_number],
        action="create",
        resource="health.check_in",
        purpose=purpose,
    )
    return row


_COUNTS = """
WITH checks AS (
  SELECT (checked_at AT TIME ZONE :tz)::date AS day, facility_code,
         count(*) AS checks, count(*) FILTER (WHERE result_code <= '004') AS usable
  FROM hi_checks WHERE checked_at >= :start AND checked_at < :end
  GROUP BY 1, 2
), visits AS (
  SELECT (checked_in_at AT TIME ZONE :tz)::date AS day, facility_code, count(*) AS check_ins
  FROM hi_check_ins WHERE checked_in_at >= :start AND checked_in_at < :end
  GROUP BY 1, 2
), joined AS (
  SELECT day, facility_code, coalesce(checks, 0) AS checks, coalesce(usable, 0) AS usable,
         coalesce(check_ins, 0) AS check_ins
  FROM checks FULL JOIN visits USING (day, facility_code)
)
SELECT day, {key} AS key, sum(checks)::bigint, sum(usable)::bigint, sum(check_ins)::bigint
FROM joined LEFT JOIN hi_facilities f ON f.code = joined.facility_code
WHERE CAST(:province AS text) IS NULL
   OR coalesce(f.province_code, left(joined.facility_code, 2)) = :province
GROUP BY 1, 2 ORDER BY 1, 2
"""
_KEYS: dict[CountBy, str] = {
    "facility": "joined.facility_code",
    "province": "coalesce(f.province_code, left(joined.facility_code, 2))",
}


def daily_counts(
    *,
    db_session: Session,
    date_from: date,
    date_to: date,
    by: CountBy,
    province_code: str | None = None,
) -> list[DailyCount]:
    """Checks, usable checks and check-ins per day and facility (or province), Vietnam days."""
    if date_to < date_from or (date_to - date_from).days >= MAX_STATS_DAYS:
        raise Unprocessable(f"date_to must be on or after date_from, within {MAX_STATS_DAYS} days")
    start = _vietnam_midnight(date_from)
    end = _vietnam_midnight(date_to + timedelta(days=1))
    rows = db_session.execute(
        text(_COUNTS.format(key=_KEYS[by])),
        {"tz": VIETNAM, "start": start, "end": end, "province": province_code},
    ).all()
    return [
        DailyCount(day=day, key=key, checks=checks, usable_checks=usable, check_ins=check_ins)
        for day, key, checks, usable, check_ins in rows
    ]


def _vietnam_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(VIETNAM))


def count_checks(*, db_session: Session) -> int:
    """Every clinic eligibility check recorded so far."""
    return db_session.scalar(select(func.count()).select_from(Check)) or 0
