"""Record compulsory months in the SI book from the registry's employments, bitemporally.

Valid time is the contribution month; recorded time is [recorded_from, recorded_to). A
recomputation derives what each person-month should be, closes the current rows that differ
(recorded_to = now) and inserts their successors; unchanged rows stay. Nothing is deleted or
overwritten, so the book as recorded at any instant can be read back (see book_reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.contributions import policy
from ansinh.contributions.charges import AMOUNTS, billed_columns, load_terms
from ansinh.core.temp import analyze, bulk_memory, temp_table
from ansinh.rules.history import add_months, months_between

_VALUES = ("salary", "base", *AMOUNTS)


@dataclass(frozen=True)
class BookChange:
    """What one recomputation recorded."""

    closed: int
    inserted: int


def now(db_session: Session) -> datetime:
    """The database clock: the recorded time of the change being made."""
    return db_session.execute(text("SELECT clock_timestamp()")).scalar_one()  # type: ignore[no-any-return]


def recompute(
    *,
    db_session: Session,
    first: date,
    through: date,
    recorded_at: datetime,
    scope_sql: str | None = None,
) -> BookChange:
    """Re-derive compulsory months from `first` through `through` and record what changed.

    `scope_sql` selects (si_number, unit_code, from_month) to limit the work to those pairs from
    that month on; without it every employment is recomputed.
    """
    bulk_memory(db_session)
    _load_calendar(db_session, first, through)
    scoped = scope_sql is not None
    if scoped:
        temp_table(db_session, "book_scope", f"AS {scope_sql}", analyze=True)
    temp_table(db_session, "book_spans", _spans_sql(scoped), analyze=True)
    temp_table(db_session, "book_target", _TARGET)
    months = [add_months(first, n) for n in range(months_between(first, through))]
    load_terms(db_session, months=months, table="book_terms")
    temp_table(
        db_session,
        "book_rows",
        "AS SELECT t.si_number, t.unit_code, t.month, t.salary, "
        f"{billed_columns('t', 'c')} FROM book_target t JOIN book_terms c "
        "ON c.month = t.month AND c.region = t.region",
        analyze=True,
    )
    temp_table(db_session, "book_current", _current_sql(scoped, first, through), analyze=True)
    same = "r.si_number = c.si_number AND r.unit_code = c.unit_code AND r.month = c.month AND " + (
        " AND ".join(f"r.{v} = c.{v}" for v in _VALUES)
    )
    closed = db_session.execute(
        text(
            "UPDATE contribution_book b SET recorded_to = :at FROM book_current c "
            "WHERE b.entry_id = c.entry_id "
            f"AND NOT EXISTS (SELECT 1 FROM book_rows r WHERE {same})"
        ),
        {"at": recorded_at},
    )
    inserted = db_session.execute(
        text(
            f"INSERT INTO contribution_book (si_number, scheme, unit_code, month, "
            f"{', '.join(_VALUES)}, recorded_from) "
            f"SELECT r.si_number, 'compulsory', r.unit_code, r.month, "
            f"{', '.join(f'r.{v}' for v in _VALUES)}, :at FROM book_rows r "
            f"WHERE NOT EXISTS (SELECT 1 FROM book_current c WHERE {same}) "
            "ORDER BY r.si_number, r.unit_code, r.month"  # index-friendly order
        ),
        {"at": recorded_at},
    )
    return BookChange(closed=closed.rowcount, inserted=inserted.rowcount)  # type: ignore[attr-defined]


def _current_sql(scoped: bool, first: date, through: date) -> str:
    """The current compulsory rows the recomputation may supersede."""
    return (
        f"AS SELECT b.entry_id, b.si_number, b.unit_code, b.month, {', '.join(_VALUES)} "
        "FROM contribution_book b "
        + (
            "JOIN book_scope s ON s.si_number = b.si_number AND s.unit_code = b.unit_code "
            "AND b.month >= s.from_month "
            if scoped
            else ""
        )
        + "WHERE b.recorded_to IS NULL AND b.scheme = 'compulsory' "
        f"AND b.month BETWEEN '{first.isoformat()}' AND '{through.isoformat()}'"
    )


def _spans_sql(scoped: bool) -> str:
    """Employment-months owing contributions: the employment covers enough working days."""
    scope_join = (
        "JOIN book_scope s ON s.si_number = e.si_number AND s.unit_code = e.unit_code "
        if scoped
        else ""
    )
    scope_month = "AND m.month >= s.from_month " if scoped else ""
    return (
        "AS SELECT e.employment_id, e.si_number, e.unit_code, e.start_date, m.month, "
        "er.wage_region AS region, least(e.end_date, m.last_day) AS pay_day "
        f"FROM employments e {scope_join}"
        "JOIN employers er ON er.unit_code = e.unit_code "
        "JOIN book_months m ON e.start_date <= m.last_day "
        f"AND (e.end_date IS NULL OR e.end_date >= m.month) {scope_month}"
        "JOIN book_days d1 ON d1.day = greatest(e.start_date, m.month) "
        "JOIN book_days d2 ON d2.day = least(e.end_date, m.last_day) "
        "WHERE d1.before + m.working_days - d2.upto < m.absence_limit"
    )


_TARGET = (
    "AS SELECT DISTINCT ON (p.si_number, p.unit_code, p.month) "
    "p.si_number, p.unit_code, p.month, p.region, pay.amount AS salary FROM book_spans p "
    "CROSS JOIN LATERAL (SELECT s.amount FROM salaries s WHERE s.employment_id = p.employment_id "
    "AND s.effective_from <= p.pay_day ORDER BY s.effective_from DESC LIMIT 1) pay "
    "WHERE NOT EXISTS (SELECT 1 FROM contribution_unpaid_leave l WHERE l.si_number = p.si_number "
    "AND l.unit_code = p.unit_code AND l.month = p.month) "
    "ORDER BY p.si_number, p.unit_code, p.month, p.start_date DESC"
)


def _load_calendar(db_session: Session, first: date, through: date) -> None:
    """Temporary tables of the months and days, with working days counted before each day."""
    months, days = [], []
    for offset in range(months_between(first, through)):
        month = add_months(first, offset)
        weekdays, end = policy.working_weekdays(month), policy.last_day(month)
        day, before = month, 0
        while day <= end:
            working = day.weekday() in weekdays
            days.append({"day": day, "before": before, "upto": before + working})
            before += working
            day += timedelta(days=1)
        months.append(
            {
                "month": month,
                "last_day": end,
                "working_days": before,
                "absence_limit": policy.absence_limit(month),
            }
        )
    temp_table(
        db_session,
        "book_months",
        "(month date PRIMARY KEY, last_day date, working_days int, absence_limit int)",
    )
    temp_table(db_session, "book_days", "(day date PRIMARY KEY, before int, upto int)")
    db_session.execute(
        text("INSERT INTO book_months VALUES (:month, :last_day, :working_days, :absence_limit)"),
        months,
    )
    db_session.execute(text("INSERT INTO book_days VALUES (:day, :before, :upto)"), days)
    analyze(db_session, "book_months", "book_days")
