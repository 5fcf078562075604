"""The clinic check's hot path: one indexed query, then a pure verdict.

The query finds the person by personal ID or SI number (both unique indexes) and joins the
current card (partial unique index on `hi_cards.si_number WHERE replaced_by IS NULL`), the card
in force on the visit day (last year's, once next year's is issued in December) and their
primary-care facility; a 15-character card code also brings back the card it names, so a
replaced card can be answered with 003/004. Everything else is decided in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from psycopg import AsyncConnection
from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from ansinh.core.db import driver_connection, driver_sql
from ansinh.core.text import fold, has_marks, toned_key
from ansinh.health.eligibility import results
from ansinh.health.eligibility.results import Result
from ansinh.health.models import Card, Facility
from ansinh.identity import parse_hi_card_code
from ansinh.registry.models import Person

KeyKind = Literal["personal_id", "si_number", "hi_card", "chip"]


@dataclass(frozen=True)
class CardQuery:
    """What a clinic presented: a key, and for chip cards or the gateway the name and birth date."""

    kind: KeyKind
    key: str
    full_name: str | None = None
    date_of_birth: date | None = None
    birth_year_only: bool = False


@dataclass(frozen=True)
class PersonView:
    """The person fields an answer may carry."""

    si_number: str
    full_name: str
    date_of_birth: date
    dob_precision: str
    sex: str
    address: str | None


@dataclass(frozen=True)
class CardView:
    """A card as read on the hot path, with its facility's name."""

    card_id: int
    si_number: str
    object_code: str
    benefit_level: int
    province_code: str
    valid_from: date
    valid_to: date
    facility_code: str | None
    facility_name: str | None
    five_years_from: date | None
    status: str
    status_reason: str | None
    replaced_by: int | None

    @property
    def code(self) -> str:
        """The 15-character card code."""
        return f"{self.object_code}{self.benefit_level}{self.province_code}{self.si_number}"

    def in_force(self, day: date) -> bool:
        """True if `day` is within the card's validity period."""
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True)
class Verdict:
    """The answer to one check, before it is shaped for an API."""

    result: Result
    person: PersonView | None = None
    card: CardView | None = None
    new_card: CardView | None = None
    registered_facility: bool | None = None
    notes: tuple[str, ...] = ()

    @property
    def outcome(self) -> results.Outcome:
        """The plain outcome; a valid card with notes is 'valid_with_notes'."""
        if self.result.outcome == "valid" and self.notes:
            return "valid_with_notes"
        return self.result.outcome

    @property
    def subject(self) -> str | None:
        """The SI number whose data was read, if any."""
        return self.person.si_number if self.person else None


Found = tuple[PersonView | None, list[CardView]]

_PERSON = (
    Person.si_number,
    Person.full_name,
    Person.date_of_birth,
    Person.dob_precision,
    Person.sex,
    Person.address,
)
_CARD = (
    Card.card_id,
    Card.si_number,
    Card.object_code,
    Card.benefit_level,
    Card.province_code,
    Card.valid_from,
    Card.valid_to,
    Card.facility_code,
    Facility.name,
    Card.five_years_from,
    Card.status,
    Card.status_reason,
    Card.replaced_by,
)


def _select(person: ColumnElement[bool], cards: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    return (
        select(*_PERSON, *_CARD)
        .outerjoin(Card, and_(Card.si_number == Person.si_number, cards))
        .outerjoin(Facility, Facility.code == Card.facility_code)
        .where(person)
    )


# Built once: constructing a SELECT costs more Python time than running it.
_CURRENT = or_(
    Card.replaced_by.is_(None),
    and_(Card.valid_from <= bindparam("on"), Card.valid_to >= bindparam("on")),
)
_BY_PERSONAL_ID = _select(Person.personal_id == bindparam("key"), _CURRENT)
_BY_SI_NUMBER = _select(Person.si_number == bindparam("key"), _CURRENT)
_BY_CARD_CODE = _select(
    Person.si_number == bindparam("key"),
    or_(
        _CURRENT,
        and_(
            Card.object_code == bindparam("object_code"),
            Card.benefit_level == bindparam("benefit_level"),
            Card.province_code == bindparam("province_code"),
        ),
    ),
)


# Compiled once to the driver's SQL and run on the driver connection: on this path SQLAlchemy's
# per-execution work (parameters, result rows) costs more than PostgreSQL's.
SQL_BY_PERSONAL_ID, SQL_BY_SI_NUMBER, _SQL_BY_CARD_CODE = (
    driver_sql(s) for s in (_BY_PERSONAL_ID, _BY_SI_NUMBER, _BY_CARD_CODE)
)


def _statement(query: CardQuery, on: date) -> tuple[str, dict[str, Any]]:
    if query.kind == "hi_card":
        code = parse_hi_card_code(query.key)
        return _SQL_BY_CARD_CODE, {
            "key": code.si_number.value,
            "on": on,
            "object_code": code.object_code,
            "benefit_level": code.benefit_level,
            "province_code": code.province_code,
        }
    statement = SQL_BY_SI_NUMBER if query.kind == "si_number" else SQL_BY_PERSONAL_ID
    return statement, {"key": query.key, "on": on}


def lookup(
    *, db_session: Session, query: CardQuery, on: date
) -> tuple[PersonView | None, list[CardView]]:
    """Find the person, their current card, the card in force `on` (and the presented one)."""
    statement, params = _statement(query, on)
    driver = driver_connection(db_session.connection())
    return found_in(driver.execute(statement, params).fetchall())


async def lookup_async(
    *, connection: AsyncConnection[Any], query: CardQuery, on: date
) -> tuple[PersonView | None, list[CardView]]:
    """`lookup` on an async psycopg connection: the served hot path, with no thread hop."""
    statement, params = _statement(query, on)
    cursor = await connection.execute(statement, params)
    return found_in(await cursor.fetchall())


def found_in(rows: Sequence[tuple[Any, ...]]) -> Found:
    """The person and cards in the rows of one lookup."""
    if not rows:
        return None, []
    width = len(_PERSON)
    person = PersonView(*rows[0][:width])
    cards = [CardView(*row[width:]) for row in rows if row[width] is not None]
    return person, cards


def check_eligibility(
    *, db_session: Session, query: CardQuery, visit_date: date, facility_code: str
) -> Verdict:
    """Answer a clinic's check of a card for a visit on `visit_date` at `facility_code`."""
    person, cards = lookup(db_session=db_session, query=query, on=visit_date)
    return evaluate(
        query=query,
        person=person,
        cards=cards,
        visit_date=visit_date,
        facility_code=facility_code,
    )


def evaluate(
    *,
    query: CardQuery,
    person: PersonView | None,
    cards: list[CardView],
    visit_date: date,
    facility_code: str,
) -> Verdict:
    """Decide the answer from what the lookup found (pure; no database)."""
    current = next((c for c in cards if c.replaced_by is None), None)
    if person is None or current is None:
        return Verdict(results.NO_CARD, person=person)
    judged = in_force(cards, visit_date) or current
    presented = judged
    if query.kind == "hi_card":
        named = [c for c in (judged, current, *cards) if c.code == query.key]
        if not named:
            return Verdict(_code_mismatch(query.key, judged), person=person)
        presented = named[0]
    mismatch = _details_mismatch(query, person)
    if mismatch is not None:
        return Verdict(mismatch, person=person)
    result = _status(judged, visit_date)
    old = judged if presented is current else presented
    renewed = old is not current
    if renewed and result.usable:
        result = (
            results.RENEWED_OLD_VALID if old.in_force(visit_date) else results.RENEWED_OLD_EXPIRED
        )
    registered = judged.facility_code == facility_code
    notes = () if registered else (_off_route_note(judged),)
    return Verdict(
        result,
        person=person,
        card=old,
        new_card=current if renewed else None,
        registered_facility=registered,
        notes=notes if result.usable else (),
    )


def in_force(cards: list[CardView], day: date) -> CardView | None:
    """The card in force on `day`: the current one if it is, else the newest that is."""
    dated = sorted(
        (c for c in cards if c.in_force(day)),
        key=lambda c: (c.replaced_by is None, c.valid_from, c.card_id),
    )
    return dated[-1] if dated else None


def _off_route_note(card: CardView) -> str:
    registered = card.facility_code or "none"
    return f"not the registered primary-care facility (registered: {registered})"


def _code_mismatch(presented: str, current: CardView) -> Result:
    if presented[:2] != current.object_code:
        return results.WRONG_CODE
    if presented[3:5] != current.province_code:
        return results.WRONG_PROVINCE
    if presented[2] != str(current.benefit_level):
        return results.WRONG_LEVEL
    return results.WRONG_CODE


def _details_mismatch(query: CardQuery, person: PersonView) -> Result | None:
    if query.full_name is not None:
        wrong_name = name_mismatch(query.full_name, person.full_name)
        if wrong_name is not None:
            return wrong_name
    if query.date_of_birth is not None and not _same_birth_date(
        query.date_of_birth, person, year_only=query.birth_year_only
    ):
        return results.WRONG_BIRTH_DATE
    return None


def name_mismatch(given: str, recorded: str) -> Result | None:
    """None if the names agree, else 060 or 061.

    A name sent with marks must carry the recorded ones (their Unicode form and tone placement
    aside); one sent without any, as some hospital software does, is compared folded.
    """
    key = _toned_words if has_marks(given) else _folded_words
    given_words, recorded_words = key(given), key(recorded)
    if given_words == recorded_words:
        return None
    if [w[0] for w in given_words] == [w[0] for w in recorded_words]:
        return results.WRONG_NAME_INITIALS
    return results.WRONG_NAME


def _toned_words(name: str) -> list[str]:
    return [toned_key(word) for word in name.split()]


def _folded_words(name: str) -> list[str]:
    return fold(name).split()


def _same_birth_date(given: date, person: PersonView, *, year_only: bool) -> bool:
    recorded = person.date_of_birth
    if year_only:
        # A year alone confirms only a record that knows no more than the year.
        return person.dob_precision == "year" and given.year == recorded.year
    if person.dob_precision == "year":
        return given.year == recorded.year
    if person.dob_precision == "month":
        return (given.year, given.month) == (recorded.year, recorded.month)
    return given == recorded


def _status(card: CardView, visit_date: date) -> Result:
    if card.status == "withdrawn":
        return results.WITHDRAWN
    if card.status == "suspended":
        return results.SUSPENDED
    if card.status == "ended":
        return results.ENDED_BY_REASON.get(card.status_reason or "", results.ENDED)
    if visit_date < card.valid_from:
        return results.NOT_YET_VALID
    if visit_date > card.valid_to:
        return results.EXPIRED
    if card.object_code in results.DEFENCE_CODES:
        return results.DEFENCE
    if card.object_code in results.POLICE_CODES:
        return results.POLICE
    return results.VALID
