"""Set-based registry writes from a caller's staging relation: one statement per step, no row loops.

The caller names a temporary table, or a simple (updatable) view over one, with these columns:

- `register_persons`: personal_id, full_name, date_of_birth, sex, province_code, si_number (NULL;
  filled in here, as `allocate_si_number` draws: issuing province + 8-digit serial);
- `start_employments`: si_number, unit_code, start_date, contract_type, salary, sort_key;
- `set_salaries`: employment_id, effective_from, amount;
- `correct_salaries`: employment_id, effective_from, until, amount, corrected_from, resumes_on
  (the last two filled in here);
- `end_employments`: employment_id, end_date;
- `set_auth_statuses`: si_number, status.

Only the registry writes persons, employments and salaries; the birth-registration code is the
personal ID's first three digits, as in `create_person`.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.events.service import record_set
from ansinh.core.temp import temp_table
from ansinh.registry.schemas import EmploymentEnded, EmploymentStarted

_DRAW = (
    "UPDATE {staging} SET si_number = coalesce(province_code, '00') "
    "|| lpad((nextval('si_number_seq') % 100000000)::text, 8, '0') WHERE si_number IS NULL",
    "UPDATE {staging} SET si_number = NULL WHERE si_number = ANY(ARRAY(SELECT p.si_number "
    "FROM persons p WHERE p.si_number = ANY(ARRAY(SELECT si_number FROM {staging}))))",
)
_REGISTER = (
    "INSERT INTO persons (si_number, personal_id, full_name, date_of_birth, sex, province_code, "
    "birth_registration_code) SELECT si_number, personal_id, full_name, date_of_birth, sex, "
    "province_code, left(personal_id, 3) FROM {staging}"
)
# The employments started or ended, kept from RETURNING for their events (no second join).
_CHANGED = "(employment_id bigint, si_number text, unit_code text, day date)"
_HIRE = (
    "WITH hired AS (INSERT INTO employments (si_number, unit_code, start_date, contract_type) "
    "SELECT si_number, unit_code, start_date, contract_type FROM {staging} ORDER BY sort_key "
    "RETURNING employment_id, si_number, unit_code, start_date), "
    "paid AS (INSERT INTO salaries (employment_id, effective_from, amount) "
    "SELECT h.employment_id, h.start_date, s.salary FROM hired h JOIN {staging} s "
    "ON s.si_number = h.si_number AND s.unit_code = h.unit_code) "
    "INSERT INTO registry_changed SELECT * FROM hired"
)
_SET_SALARY = (
    "INSERT INTO salaries (employment_id, effective_from, amount) "
    "SELECT employment_id, effective_from, amount FROM {staging} ORDER BY employment_id "
    "ON CONFLICT (employment_id, effective_from) DO UPDATE SET amount = excluded.amount"
)
_CORRECT = (
    "UPDATE {staging} s SET corrected_from = greatest(date_trunc('month', s.effective_from), "
    "e.start_date), resumes_on = date_trunc('month', coalesce(s.until, s.effective_from)) "
    "+ interval '1 month' FROM employments e WHERE e.employment_id = s.employment_id",
    "INSERT INTO salaries (employment_id, effective_from, amount) "
    "SELECT s.employment_id, s.resumes_on, pay.amount FROM {staging} s "
    "JOIN employments e ON e.employment_id = s.employment_id "
    "CROSS JOIN LATERAL (SELECT amount FROM salaries p WHERE p.employment_id = s.employment_id "
    "AND p.effective_from <= s.resumes_on ORDER BY p.effective_from DESC LIMIT 1) pay "
    "WHERE e.end_date IS NULL OR e.end_date >= s.resumes_on ON CONFLICT DO NOTHING",
    "DELETE FROM salaries p USING {staging} s WHERE p.employment_id = s.employment_id "
    "AND p.effective_from >= s.corrected_from AND p.effective_from < s.resumes_on",
    "INSERT INTO salaries (employment_id, effective_from, amount) "
    "SELECT employment_id, corrected_from, amount FROM {staging}",
)
_END = (
    "WITH ended AS (UPDATE employments e SET end_date = s.end_date, updated_at = now() "
    "FROM {staging} s WHERE e.employment_id = s.employment_id "
    "RETURNING e.employment_id, e.si_number, e.unit_code, e.end_date) "
    "INSERT INTO registry_changed SELECT * FROM ended",
    # Salaries recorded after the end no longer apply.
    "DELETE FROM salaries p USING {staging} s "
    "WHERE p.employment_id = s.employment_id AND p.effective_from > s.end_date",
)


def _changed_events(day: str) -> str:
    """The payloads of the employments in `registry_changed`, their day named `day`."""
    return (
        "SELECT jsonb_build_object('employment_id', employment_id, 'si_number', si_number, "
        f"'unit_code', unit_code, '{day}', day) AS payload FROM registry_changed"
    )


_AUTH = (
    "UPDATE persons SET auth_status = o.status, auth_checked_at = now() "
    "FROM {staging} o WHERE persons.si_number = o.si_number"
)


def _run(db_session: Session, statements: tuple[str, ...], staging: str) -> None:
    for statement in statements:
        db_session.execute(text(statement.format(staging=staging)))


def register_persons(*, db_session: Session, staging: str) -> None:
    """Give each staged new person an SI number, then register them all."""
    draw, unclash = (text(statement.format(staging=staging)) for statement in _DRAW)
    while True:
        drawn = db_session.execute(draw).rowcount  # type: ignore[attr-defined]
        if not drawn:
            break
        db_session.execute(unclash)
    db_session.execute(text(_REGISTER.format(staging=staging)))


def start_employments(*, db_session: Session, staging: str) -> None:
    """Start the staged employments, each with its first salary; one EmploymentStarted each."""
    temp_table(db_session, "registry_changed", _CHANGED)
    db_session.execute(text(_HIRE.format(staging=staging)))
    record_set(db_session, EmploymentStarted, _changed_events("start_date"))


def set_salaries(*, db_session: Session, staging: str) -> None:
    """Record the staged salaries from their date on (replacing one set on the same date)."""
    db_session.execute(text(_SET_SALARY.format(staging=staging)))


def correct_salaries(*, db_session: Session, staging: str) -> None:
    """Replace the salary of the staged whole months; the earlier salary resumes after them."""
    _run(db_session, _CORRECT, staging)


def end_employments(*, db_session: Session, staging: str) -> None:
    """End the staged employments, drop salaries after their end; one EmploymentEnded each."""
    temp_table(db_session, "registry_changed", _CHANGED)
    _run(db_session, _END, staging)
    record_set(db_session, EmploymentEnded, _changed_events("end_date"))


def set_auth_statuses(*, db_session: Session, staging: str) -> None:
    """Record the staged outcomes of checking persons against the population register."""
    db_session.execute(text(_AUTH.format(staging=staging)))
