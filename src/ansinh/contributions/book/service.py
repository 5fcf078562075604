"""The SI book read model (quá trình tham gia BHXH): which months count, totals, the history.

The book is the contributions record (`passbook.book_document`): months recorded per employer,
counted once paid. On request (`source="registry"`) it is derived from the registry's employments
and contract salaries instead, for comparison. Either way, reading it records one audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.contributions.allocation import AS_RECORDED, allocate, counted
from ansinh.contributions.book.passbook import book_document
from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.security.actor import Actor
from ansinh.registry import service as registry
from ansinh.rules.history import Period, add_months, count, expand, month_start

if TYPE_CHECKING:  # the registry's verbs return these; nothing here touches its tables
    from ansinh.registry.models import Employment, Person

Source = Literal["contributions", "registry"]
PENSION_FUND = "pension_survivors"
RULES_SCHEMES = ("compulsory", "voluntary")


@dataclass(frozen=True)
class BookPeriod:
    """Months with one employer (or scheme) at one salary; `running` if it goes on today."""

    unit_code: str | None
    employer: str | None
    start: date
    end: date
    salary: int
    scheme: str = "compulsory"
    counted: bool = True
    running: bool = False


@dataclass(frozen=True)
class SiBook:
    """A person's SI book with its totals as of `on`."""

    si_number: str
    full_name: str
    date_of_birth: date
    sex: str
    on: date
    periods: list[BookPeriod]
    total_months: int
    owed_months: int
    source: Source

    @property
    def employed(self) -> bool:
        """True if a period is still running."""
        return any(p.running for p in self.periods)

    def history(self, *, until: date | None = None) -> list[Period]:
        """Counted periods as the rules engine takes them; running ones extend to `until`."""
        stop = until or self.on
        return [
            Period(
                start=p.start,
                end=stop if p.running else min(p.end, stop),
                salary=p.salary,
                scheme="voluntary" if p.scheme == "voluntary" else "compulsory",
            )
            for p in self.periods
            if p.counted and p.scheme in RULES_SCHEMES and p.start <= stop
        ]


def read_si_book(
    *,
    db_session: Session,
    actor: Actor,
    si_number: str,
    purpose: str,
    on: date,
    source: Source = "contributions",
) -> SiBook:
    """A person's SI book, recording the read in the audit log."""
    person = registry.get_person(db_session=db_session, si_number=si_number)
    if source == "contributions":
        book = _recorded(db_session, person, on)
        resource = "contributions.book"
    else:
        book = _derived(db_session, person, on)
        resource = "registry.employment"
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action="read",
        resource=resource,
        purpose=purpose,
    )
    return book


def _recorded(db_session: Session, person: Person, on: date) -> SiBook:
    record = book_document(db_session=db_session, si_number=person.si_number, at=clock.now())
    recent = add_months(month_start(on), -2)
    periods = [
        BookPeriod(
            unit_code=p.unit_code,
            employer=p.employer_name,
            start=p.from_month,
            end=p.to_month,
            salary=p.salary,
            scheme=p.scheme,
            counted=any(f.paid for f in p.funds if f.fund == PENSION_FUND),
            running=p.scheme == "compulsory" and p.to_month >= recent,
        )
        for p in sorted(record.periods, key=lambda p: (p.from_month, p.unit_code or ""))
    ]
    pension = next((t for t in record.totals if t.fund == PENSION_FUND), None)
    return SiBook(
        si_number=person.si_number,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        on=on,
        periods=periods,
        total_months=pension.months if pension else 0,
        owed_months=pension.owed_months if pension else 0,
        source="contributions",
    )


def _derived(db_session: Session, person: Person, on: date) -> SiBook:
    periods: list[BookPeriod] = []
    names: dict[str, str] = {}
    for employment in registry.list_employments(db_session=db_session, si_number=person.si_number):
        if employment.unit_code not in names:
            employer = registry.get_employer(db_session=db_session, unit_code=employment.unit_code)
            names[employment.unit_code] = employer.name
        periods.extend(_employment_periods(employment, names[employment.unit_code], on))
    months = count(expand(Period(start=p.start, end=p.end, salary=p.salary) for p in periods))
    return SiBook(
        si_number=person.si_number,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        on=on,
        periods=periods,
        total_months=months,
        owed_months=0,
        source="registry",
    )


def _employment_periods(employment: Employment, employer: str, on: date) -> list[BookPeriod]:
    """One period per contract salary, up to the employment's end (or `on` while it runs)."""
    salaries = employment.salaries
    periods = []
    for index, salary in enumerate(salaries):
        start = max(salary.effective_from, employment.start_date)
        end = employment.end_date
        if index + 1 < len(salaries):
            following = salaries[index + 1].effective_from - timedelta(days=1)
            end = following if end is None else min(end, following)
        running = end is None
        end = min(end or on, on)
        if start <= end:
            periods.append(
                BookPeriod(
                    employment.unit_code, employer, start, end, salary.amount, running=running
                )
            )
    return periods


_UNITS_OF_MANY = f"""
SELECT DISTINCT b.unit_code FROM contribution_book b
WHERE b.si_number = ANY(:si_numbers) AND b.scheme = 'compulsory' AND NOT b.carried_over
  AND {AS_RECORDED}
"""
# Counted months merged into runs of one scheme and salary (gaps and islands), in SQL.
_RUNS_OF_MANY = f"""
WITH paid(unit_code, month) AS (
  SELECT * FROM unnest(CAST(:paid_units AS text[]), CAST(:paid_months AS date[]))
), counted AS (
  SELECT DISTINCT b.si_number, b.scheme, b.salary, b.month FROM contribution_book b
  WHERE b.si_number = ANY(:si_numbers) AND b.month <= :until AND b.scheme = ANY(:schemes)
    AND {AS_RECORDED}
    AND (b.scheme <> 'compulsory' OR b.carried_over
         OR EXISTS (SELECT 1 FROM paid p WHERE p.unit_code = b.unit_code AND p.month = b.month))
), islands AS (
  SELECT *, extract(year FROM month) * 12 + extract(month FROM month)
    - row_number() OVER (PARTITION BY si_number, scheme, salary ORDER BY month) AS island
  FROM counted
)
SELECT si_number, scheme, salary, min(month) AS first, max(month) AS last
FROM islands GROUP BY si_number, scheme, salary, island ORDER BY si_number, first, scheme
"""


def histories(
    *, db_session: Session, si_numbers: Sequence[str], until: date
) -> dict[str, list[Period]]:
    """Many books' counted months up to `until` as the rules engine takes them, in one read.

    Unaudited: it serves verbs that audit their own reads (the benefit claims deciding them).
    A compulsory month counts once its employer's pension bill is paid, as in the book.
    """
    at = clock.now()
    params = {"si_numbers": list(si_numbers), "at": at}
    units = list(db_session.scalars(text(_UNITS_OF_MANY), params))
    paid = sorted(
        (unit, month)
        for unit, month, fund in counted(
            allocate(db_session=db_session, unit_codes=units, at=at), at.date()
        )
        if fund == PENSION_FUND
    )
    rows = db_session.execute(
        text(_RUNS_OF_MANY),
        params
        | {
            "until": until,
            "schemes": list(RULES_SCHEMES),
            "paid_units": [unit for unit, _ in paid],
            "paid_months": [month for _, month in paid],
        },
    )
    found: dict[str, list[Period]] = {}
    for si, scheme, salary, first, last in rows:
        found.setdefault(si, []).append(Period(start=first, end=last, salary=salary, scheme=scheme))
    return found
