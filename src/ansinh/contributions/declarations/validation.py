"""Business checks of staged declaration lines, set-based: each check marks the lines it refuses.

The staging table `decl_stage` holds the structurally valid lines. Each statement below sets
`field` and `error` on lines still without an error, so a line reports the first rule it breaks.
Lines are checked as if applied in this order: new persons, hires, salary changes and
corrections, unpaid leave, then leavers.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.temp import analyze, temp_table
from ansinh.rules.store import parameter


def _refuse(field: str, reason: str, condition: str, joined: str = "") -> str:
    return (
        f"UPDATE decl_stage s SET field = '{field}', error = {reason} {joined} "
        f"WHERE s.error IS NULL AND {condition}"
    )


_RESOLVE = """
AS SELECT i.*, e.wage_region AS region, e.province_code, i.si_number AS person,
  p.ctid AS person_row, p.si_number IS NOT NULL AS registered, p.personal_id AS registered_pid,
  coalesce(p.date_of_birth, i.date_of_birth) AS born, w1.amount AS minimum_on_effective,
  w2.amount AS minimum_on_until, emp.employment_id, NULL::int AS hired_on_line,
  false AS created_person, NULL::date AS corrected_from, NULL::date AS resumes_on,
  NULL::text AS field, NULL::text AS error
FROM decl_input i
LEFT JOIN employers e ON e.unit_code = i.unit_code
LEFT JOIN persons p ON p.si_number = i.si_number
LEFT JOIN decl_day_wages w1 ON w1.region = e.wage_region AND w1.day = i.effective_date
LEFT JOIN decl_day_wages w2 ON w2.region = e.wage_region AND w2.day = i.until_date
LEFT JOIN employments emp ON i.kind <> 'increase' AND emp.si_number = i.si_number
  AND emp.unit_code = i.unit_code AND emp.start_date <= i.effective_date
  AND (emp.end_date IS NULL OR emp.end_date >= i.effective_date)
"""
_DAY_WAGES = (
    "AS SELECT d.day, w.region, w.amount FROM (SELECT effective_date AS day FROM decl_input "
    "UNION SELECT until_date FROM decl_input WHERE until_date IS NOT NULL) d "
    "JOIN decl_wages w ON d.day >= w.valid_from AND d.day < w.valid_to"
)
# Lines naming a registered person by personal ID only (few): resolve them one by one.
_BY_PERSONAL_ID = (
    "UPDATE decl_stage s SET person = p.si_number, registered = true, "
    "registered_pid = p.personal_id, born = p.date_of_birth FROM persons p "
    "WHERE s.si_number IS NULL AND p.personal_id = s.personal_id",
    "UPDATE decl_stage s SET employment_id = e.employment_id FROM employments e "
    "WHERE s.si_number IS NULL AND s.person IS NOT NULL AND s.kind <> 'increase' "
    "AND e.si_number = s.person AND e.unit_code = s.unit_code "
    "AND e.start_date <= s.effective_date "
    "AND (e.end_date IS NULL OR e.end_date >= s.effective_date)",
)
CHECKS = (
    _refuse("unit_code", "'no employer with this unit code is registered'", "s.region IS NULL"),
    _refuse(
        "effective_date",
        "'after the declared month'",
        "(s.effective_date > :month_end OR s.until_date > :month_end)",
    ),
    _refuse(
        "effective_date",
        "'before ' || :earliest || ', the first month the contribution rules cover'",
        "s.effective_date < :earliest",
    ),
    _refuse(
        "si_number",
        "'no person with this SI number is registered'",
        "s.si_number IS NOT NULL AND NOT s.registered",
    ),
    _refuse(
        "personal_id",
        "'does not match the personal ID registered for this SI number'",
        "s.personal_id <> s.registered_pid",
    ),
    _refuse(
        "personal_id",
        "'no person with this personal ID is registered; an increase line with full_name, "
        "date_of_birth and sex registers them'",
        "s.person IS NULL AND NOT EXISTS (SELECT 1 FROM decl_stage n WHERE n.kind = "
        "'increase' AND n.personal_id = s.personal_id AND n.full_name IS NOT NULL "
        "AND n.date_of_birth IS NOT NULL AND n.sex IS NOT NULL)",
    ),
    _refuse("effective_date", "'before the person''s date of birth'", "s.effective_date < s.born"),
    *(
        _refuse(
            "salary",
            f"'below the region ' || s.region || ' minimum wage of ' "
            f"|| to_char(s.minimum_on_{day}, 'FM999,999,999') || ' in force on ' "
            f"|| s.{day}_date",
            f"s.salary < s.minimum_on_{day}",
        )
        for day in ("effective", "until")
    ),
)


def earliest_month() -> date:
    """The first month the minimum-wage parameters cover: no line may be dated before it."""
    return parameter("wages/regional_minimum_wage").enacted()[0].start


def check_staged(*, db_session: Session, month_end: date) -> None:
    """Resolve `decl_input` into `decl_stage` and mark each line that breaks a rule."""
    _load_minimum_wages(db_session)
    temp_table(db_session, "decl_stage", _RESOLVE)
    db_session.execute(text("CREATE INDEX ON decl_stage (line)"))
    db_session.execute(text("CREATE INDEX ON decl_stage (personal_id)"))
    analyze(db_session, "decl_stage")
    for statement in _BY_PERSONAL_ID:
        db_session.execute(text(statement))
    bounds = {"month_end": month_end, "earliest": earliest_month().isoformat()}
    for statement in CHECKS:
        db_session.execute(
            text(statement), {k: v for k, v in bounds.items() if f":{k}" in statement}
        )
    _check_employments(db_session)


def _load_minimum_wages(db_session: Session) -> None:
    rows = [
        {
            "valid_from": period.start,
            "valid_to": period.end + timedelta(days=1) if period.end else date.max,
            "region": region,
            "amount": int(amount),
        }
        for period in parameter("wages/regional_minimum_wage").enacted()
        if isinstance(period.value, dict)
        for region, amount in period.value.items()
    ]
    temp_table(
        db_session, "decl_wages", "(valid_from date, valid_to date, region text, amount bigint)"
    )
    db_session.execute(
        text("INSERT INTO decl_wages VALUES (:valid_from, :valid_to, :region, :amount)"), rows
    )
    # The minimum wage of each region on each day the lines name: the lines then find theirs by
    # equality (a hash join) instead of testing every period of their region.
    temp_table(db_session, "decl_day_wages", _DAY_WAGES, analyze=True)


def _check_employments(db_session: Session) -> None:
    """Refuse overlapping hires, repeated changes and changes no employment covers."""
    statements = (
        # A hire must not overlap an employment with the same employer (after this file's leavers).
        "UPDATE decl_stage s SET field = 'effective_date', error = 'overlaps an employment with "
        "this employer that starts on ' || e.start_date FROM employments e LEFT JOIN "
        "(SELECT employment_id, min(effective_date) AS ends FROM decl_stage WHERE kind = "
        "'decrease' AND error IS NULL AND employment_id IS NOT NULL GROUP BY employment_id) d "
        "USING (employment_id) WHERE s.error IS NULL AND s.kind = 'increase' "
        "AND e.si_number = s.person AND e.unit_code = s.unit_code "
        "AND coalesce(d.ends, e.end_date, 'infinity') >= s.effective_date",
        # Two hires of one person by one employer in the same file.
        "UPDATE decl_stage s SET field = 'kind', error = 'repeats the increase of line ' "
        "|| d.first FROM (SELECT line, min(line) OVER (PARTITION BY coalesce(person, "
        "personal_id), unit_code) AS first FROM decl_stage WHERE kind = 'increase' "
        "AND error IS NULL) d WHERE s.line = d.line AND d.first < d.line",
        # Other lines about someone this file hires.
        "UPDATE decl_stage s SET hired_on_line = i.line FROM decl_stage i "
        "WHERE s.error IS NULL AND s.employment_id IS NULL AND s.kind <> 'increase' "
        "AND i.kind = 'increase' AND i.error IS NULL AND i.unit_code = s.unit_code "
        "AND coalesce(i.person, i.personal_id) = coalesce(s.person, s.personal_id) "
        "AND i.effective_date <= s.effective_date",
        "UPDATE decl_stage s SET field = 'effective_date', error = 'no employment with this "
        "employer covers this date' WHERE s.error IS NULL AND s.kind <> 'increase' "
        "AND s.employment_id IS NULL AND s.hired_on_line IS NULL",
        # The same change twice.
        "UPDATE decl_stage s SET field = 'kind', error = 'repeats line ' || d.first "
        "FROM (SELECT line, min(line) OVER (PARTITION BY kind, coalesce(employment_id::text, "
        "'line ' || hired_on_line), CASE WHEN kind = 'decrease' THEN NULL ELSE effective_date END"
        ") AS first FROM decl_stage WHERE kind <> 'increase' AND error IS NULL) d "
        "WHERE s.line = d.line AND d.first < d.line",
    )
    for statement in statements:
        db_session.execute(text(statement))
