"""Apply accepted declaration lines to the registry, set-based, in the order they were checked.

New persons first (SI numbers allocated like the registry does: issuing province + serial),
then hires with their first salary, salary changes, corrections of past months, unpaid leave,
and leavers last (so a file may both end an employment and start a new one with the employer).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.contributions.temp import temp_table
from ansinh.core.events.service import record_set
from ansinh.registry.schemas import EmploymentEnded, EmploymentStarted

_OK = "s.error IS NULL"

_NEW_PERSONS = (
    "AS SELECT DISTINCT ON (personal_id) personal_id, full_name, date_of_birth, sex, "
    "province_code, NULL::text AS si_number FROM decl_stage s "
    f"WHERE {_OK} AND s.person IS NULL AND s.kind = 'increase' AND s.full_name IS NOT NULL "
    "ORDER BY personal_id, line"
)
_DRAW_NUMBERS = (
    "UPDATE decl_new SET si_number = province_code "
    "|| lpad((nextval('si_number_seq') % 100000000)::text, 8, '0') WHERE si_number IS NULL",
    "UPDATE decl_new SET si_number = NULL WHERE si_number = ANY(ARRAY(SELECT p.si_number "
    "FROM persons p WHERE p.si_number = ANY(ARRAY(SELECT si_number FROM decl_new))))",
)
_REGISTER = (
    "INSERT INTO persons (si_number, personal_id, full_name, date_of_birth, sex, "
    "birth_registration_code) SELECT si_number, personal_id, full_name, date_of_birth, sex, "
    "left(personal_id, 3) FROM decl_new",
    "UPDATE decl_stage s SET person = n.si_number, created_person = (s.kind = 'increase') "
    "FROM decl_new n WHERE s.person IS NULL AND s.personal_id = n.personal_id",
)
_CHANGES = (
    # Hires and their first salary.
    "WITH hired AS (INSERT INTO employments (si_number, unit_code, start_date, contract_type) "
    f"SELECT person, unit_code, effective_date, contract_type FROM decl_stage s WHERE {_OK} "
    "AND s.kind = 'increase' ORDER BY person_row "  # the key checks then read persons in order
    "RETURNING employment_id, si_number, unit_code, start_date) "
    "INSERT INTO salaries (employment_id, effective_from, amount) "
    "SELECT h.employment_id, h.start_date, s.salary FROM hired h JOIN decl_stage s "
    f"ON {_OK} AND s.kind = 'increase' AND s.person = h.si_number AND s.unit_code = h.unit_code",
    "UPDATE decl_stage s SET employment_id = e.employment_id FROM decl_stage i "
    "JOIN employments e ON e.si_number = i.person AND e.unit_code = i.unit_code "
    f"AND e.start_date = i.effective_date WHERE {_OK} AND s.hired_on_line = i.line",
    # A salary from a date on.
    "INSERT INTO salaries (employment_id, effective_from, amount) "
    f"SELECT employment_id, effective_date, salary FROM decl_stage s WHERE {_OK} "
    "AND s.kind = 'salary_change' ORDER BY employment_id "
    "ON CONFLICT (employment_id, effective_from) DO UPDATE SET amount = excluded.amount",
    # A correction replaces the salary of whole months, then the old salary resumes.
    "UPDATE decl_stage s SET corrected_from = greatest(date_trunc('month', s.effective_date), "
    "e.start_date), resumes_on = date_trunc('month', coalesce(s.until_date, s.effective_date)) "
    "+ interval '1 month' FROM employments e "
    f"WHERE {_OK} AND s.kind = 'correction' AND e.employment_id = s.employment_id",
    "INSERT INTO salaries (employment_id, effective_from, amount) "
    "SELECT s.employment_id, s.resumes_on, pay.amount FROM decl_stage s "
    "JOIN employments e ON e.employment_id = s.employment_id "
    "CROSS JOIN LATERAL (SELECT amount FROM salaries p WHERE p.employment_id = s.employment_id "
    "AND p.effective_from <= s.resumes_on ORDER BY p.effective_from DESC LIMIT 1) pay "
    f"WHERE {_OK} AND s.kind = 'correction' "
    "AND (e.end_date IS NULL OR e.end_date >= s.resumes_on) ON CONFLICT DO NOTHING",
    "DELETE FROM salaries p USING decl_stage s "
    f"WHERE {_OK} AND s.kind = 'correction' AND p.employment_id = s.employment_id "
    "AND p.effective_from >= s.corrected_from AND p.effective_from < s.resumes_on",
    "INSERT INTO salaries (employment_id, effective_from, amount) "
    f"SELECT employment_id, corrected_from, salary FROM decl_stage s WHERE {_OK} "
    "AND s.kind = 'correction'",
    # Months of unpaid leave.
    "INSERT INTO contribution_unpaid_leave (si_number, unit_code, month) "
    "SELECT DISTINCT person, unit_code, date_trunc('month', effective_date)::date "
    f"FROM decl_stage s WHERE {_OK} AND s.kind = 'unpaid_leave' ON CONFLICT DO NOTHING",
    # Leavers: the employment ends; salaries recorded after its end no longer apply.
    "UPDATE employments e SET end_date = s.effective_date, updated_at = now() "
    f"FROM decl_stage s WHERE {_OK} AND s.kind = 'decrease' "
    "AND e.employment_id = s.employment_id",
    "DELETE FROM salaries p USING decl_stage s "
    f"WHERE {_OK} AND s.kind = 'decrease' AND p.employment_id = s.employment_id "
    "AND p.effective_from > s.effective_date",
)

_STARTED = (
    "SELECT jsonb_build_object('employment_id', e.employment_id, 'si_number', e.si_number, "
    "'unit_code', e.unit_code, 'start_date', e.start_date) AS payload FROM decl_stage s "
    "JOIN employments e ON e.si_number = s.person AND e.unit_code = s.unit_code "
    f"AND e.start_date = s.effective_date WHERE {_OK} AND s.kind = 'increase'"
)
_ENDED = (
    "SELECT jsonb_build_object('employment_id', e.employment_id, 'si_number', e.si_number, "
    "'unit_code', e.unit_code, 'end_date', e.end_date) AS payload FROM decl_stage s "
    f"JOIN employments e ON e.employment_id = s.employment_id WHERE {_OK} AND s.kind = 'decrease'"
)


def apply_staged(*, db_session: Session) -> None:
    """Write the accepted staged lines into persons, employments, salaries and leave months."""
    temp_table(db_session, "decl_new", _NEW_PERSONS, analyze=True)
    while True:
        drawn = db_session.execute(text(_DRAW_NUMBERS[0])).rowcount  # type: ignore[attr-defined]
        if not drawn:
            break
        db_session.execute(text(_DRAW_NUMBERS[1]))
    for statement in (*_REGISTER, *_CHANGES):
        db_session.execute(text(statement))
    record_set(db_session, EmploymentStarted, _STARTED)  # one event per row, set-based
    record_set(db_session, EmploymentEnded, _ENDED)
