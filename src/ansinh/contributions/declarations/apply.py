"""Apply accepted declaration lines to the registry, set-based, in the order they were checked.

New persons first (numbered and registered by the registry's bulk verbs), then hires with their
first salary, salary changes, corrections of past months, unpaid leave, and leavers last (so a
file may both end an employment and start a new one with the employer). Each registry verb reads
a view of the accepted lines of one kind; only the leave months are this domain's own table.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.temp import temp_table
from ansinh.registry import bulk

_OK = "s.error IS NULL"

_NEW_PERSONS = (
    "AS SELECT DISTINCT ON (personal_id) personal_id, full_name, date_of_birth, sex, "
    "province_code, NULL::text AS si_number FROM decl_stage s "
    f"WHERE {_OK} AND s.person IS NULL AND s.kind = 'increase' AND s.full_name IS NOT NULL "
    "ORDER BY personal_id, line"
)
_REGISTERED = (
    "UPDATE decl_stage s SET person = n.si_number, created_person = (s.kind = 'increase') "
    "FROM decl_new n WHERE s.person IS NULL AND s.personal_id = n.personal_id"
)
_VIEWS = {
    "decl_hires": "SELECT person AS si_number, unit_code, effective_date AS start_date, "
    "contract_type, salary, person_row AS sort_key FROM decl_stage s "
    f"WHERE {_OK} AND s.kind = 'increase'",
    "decl_salaries": "SELECT employment_id, effective_date AS effective_from, salary AS amount "
    f"FROM decl_stage s WHERE {_OK} AND s.kind = 'salary_change'",
    "decl_corrections": "SELECT employment_id, effective_date AS effective_from, "
    "until_date AS until, salary AS amount, corrected_from, resumes_on FROM decl_stage s "
    f"WHERE {_OK} AND s.kind = 'correction'",
    "decl_leavers": "SELECT employment_id, effective_date AS end_date FROM decl_stage s "
    f"WHERE {_OK} AND s.kind = 'decrease'",
}
# Lines about an employment hired earlier in the same file.
_HIRED_ON_LINE = (
    "UPDATE decl_stage s SET employment_id = e.employment_id FROM decl_stage i "
    "JOIN employments e ON e.si_number = i.person AND e.unit_code = i.unit_code "
    f"AND e.start_date = i.effective_date WHERE {_OK} AND s.hired_on_line = i.line"
)
_UNPAID_LEAVE = (
    "INSERT INTO contribution_unpaid_leave (si_number, unit_code, month) "
    "SELECT DISTINCT person, unit_code, date_trunc('month', effective_date)::date "
    f"FROM decl_stage s WHERE {_OK} AND s.kind = 'unpaid_leave' ON CONFLICT DO NOTHING"
)


def apply_staged(*, db_session: Session) -> None:
    """Write the accepted staged lines into the registry and the leave months."""
    temp_table(db_session, "decl_new", _NEW_PERSONS, analyze=True)
    bulk.register_persons(db_session=db_session, staging="decl_new")
    db_session.execute(text(_REGISTERED))
    for name, query in _VIEWS.items():
        db_session.execute(text(f"CREATE OR REPLACE TEMP VIEW {name} AS {query}"))
    bulk.start_employments(db_session=db_session, staging="decl_hires")
    db_session.execute(text(_HIRED_ON_LINE))
    bulk.set_salaries(db_session=db_session, staging="decl_salaries")
    bulk.correct_salaries(db_session=db_session, staging="decl_corrections")
    db_session.execute(text(_UNPAID_LEAVE))
    bulk.end_employments(db_session=db_session, staging="decl_leavers")
    db_session.execute(text(f"DROP VIEW {', '.join(_VIEWS)}"))
