"""Batch work: issue and renew cards from participation, set-based; register demo facilities.

Until the contributions domain exists, participation comes from the registry: an open employment
on the issue date gives an employee card (DN: every synthetic employer is an enterprise), a child
under the age in `health/child_card_validity` a TE card, and a deterministic share of the others
a household card (GD). Levels come from `health/benefit_level_by_code`.

Card rows change state instead of being deleted: a renewal inserts a new card and points the old
one's `replaced_by` at it; losing a job ends an employee card (`ended`/`stopped`).
"""

from __future__ import annotations

import json
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from ansinh.core.clock import today
from ansinh.core.events.service import record_set
from ansinh.geo import current_provinces
from ansinh.health.schemas import CardIssued
from ansinh.rules.reads import law
from ansinh.rules.store import ParameterError

EMPLOYEE, CHILD, HOUSEHOLD = "DN", "TE", "GD"
LEVEL_TABLE = "health/benefit_level_by_code"
_DRAW_RANGE = 1 << 28  # draws are 28-bit slices of md5(si_number): stable across runs


@dataclass(frozen=True)
class IssueSummary:
    """What one issuance run did."""

    issued: int
    renewed: int
    ended: int


def benefit_levels(
    on: date, codes: tuple[str, ...] = (EMPLOYEE, CHILD, HOUSEHOLD)
) -> dict[str, int]:
    """The benefit level of each object code on `on`, from the rules parameters."""
    table = law(LEVEL_TABLE, on)
    missing = [c for c in codes if not isinstance(table, dict) or c not in table]
    if missing or not isinstance(table, dict):
        raise ParameterError(f"{LEVEL_TABLE}: no benefit level for {', '.join(missing)} on {on}")
    return {code: int(table[code]) for code in codes}


def _child_rule(on: date) -> tuple[int, int, int]:
    rule = law("health/child_card_validity", on)
    if not isinstance(rule, dict):
        raise ParameterError("health/child_card_validity: expected a table")
    month, day = (int(part) for part in str(rule["school_start_cutoff"]).split("-"))
    return int(rule["months_of_age"]), month, day


def child_valid_to(date_of_birth: date, on: date) -> date:
    """The last day of a TE card for a child born `date_of_birth`, by the rule in force on `on`."""
    months, cut_month, cut_day = _child_rule(on)
    years, month = divmod(date_of_birth.month - 1 + months, 12)
    year = date_of_birth.year + years
    day = min(date_of_birth.day, monthrange(year, month + 1)[1])
    age_day = date(year, month + 1, day)
    return max(age_day, date(year, cut_month, cut_day))


def _continuous_years(on: date) -> int:
    cap = law("health/five_year_co_payment_cap", on)
    if not isinstance(cap, dict):
        raise ParameterError("health/five_year_co_payment_cap: expected a table")
    return int(cap["continuous_years"])


_WANTED = """
CREATE TEMP TABLE hi_wanted AS
WITH job AS (
  SELECT DISTINCT ON (e.si_number) e.si_number, r.province_code
  FROM employments e JOIN employers r USING (unit_code)
  WHERE e.start_date <= :on AND (e.end_date IS NULL OR e.end_date >= :on)
  ORDER BY e.si_number, e.start_date
), runs AS (
  SELECT si_number, start_date,
         max(coalesce(end_date, 'infinity'::date)) OVER (
           PARTITION BY si_number ORDER BY start_date, employment_id
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM employments WHERE start_date <= :on
), run_start AS (
  SELECT si_number, max(start_date) AS started FROM runs
  WHERE reach IS NULL OR start_date > reach + 1
  GROUP BY si_number
), facility AS (
  SELECT code, province_code, row_number() OVER (PARTITION BY province_code ORDER BY code) - 1 AS i,
         count(*) OVER (PARTITION BY province_code) AS n
  FROM hi_facilities WHERE primary_care AND active
), drawn AS (
  SELECT p.si_number, p.date_of_birth, coalesce(p.province_code, left(p.si_number, 2)) AS home,
         j.province_code AS job_province, j.si_number IS NOT NULL AS employed, s.started,
         ('x' || substr(md5(p.si_number), 1, 7))::bit(28)::int AS draw_share,
         ('x' || substr(md5(p.si_number), 9, 7))::bit(28)::int AS draw_facility,
         (p.date_of_birth + make_interval(months => :child_months))::date AS child_age_day
  FROM persons p LEFT JOIN job j USING (si_number) LEFT JOIN run_start s USING (si_number)
  {among}
), dated AS (
  SELECT drawn.*,
         CASE WHEN employed THEN :employee
              WHEN child_age_day > :on THEN :child
              WHEN draw_share < :household_share * :draw_range THEN :household
         END AS object_code,
         greatest(child_age_day,
                  make_date(extract(year FROM child_age_day)::int, :cut_month, :cut_day))
           AS child_until
  FROM drawn
)
SELECT d.si_number, d.object_code,
       (CAST(:levels AS jsonb) ->> d.object_code)::smallint AS benefit_level,
       coalesce(d.job_province, d.home) AS province_code,
       CASE d.object_code WHEN :child THEN d.date_of_birth
            WHEN :employee THEN greatest(d.started, date_trunc('year', CAST(:on AS date))::date)
            ELSE date_trunc('year', CAST(:on AS date))::date END AS valid_from,
       CASE d.object_code WHEN :child THEN d.child_until
            ELSE (date_trunc('year', CAST(:on AS date)) + interval '1 year - 1 day')::date
       END AS valid_to,
       f.code AS facility_code,
       (CASE d.object_code WHEN :child THEN d.date_of_birth
             WHEN :employee THEN d.started
             ELSE date_trunc('year', CAST(:on AS date))::date END
        + make_interval(years => :years))::date AS five_years_from
FROM dated d
LEFT JOIN facility f ON f.province_code = d.home AND f.i = d.draw_facility % f.n
"""

_END_EMPLOYEE_CARDS = """
UPDATE hi_cards c SET status = 'ended', status_reason = 'stopped', status_changed_on = :on,
       updated_at = now()
FROM hi_wanted w
WHERE c.si_number = w.si_number AND c.replaced_by IS NULL AND c.status = 'active'
  AND c.object_code = :employee AND c.valid_to >= :on
  AND w.object_code IS DISTINCT FROM :employee
"""

# New cards are inserted pointing at themselves (not current), the cards they replace are pointed
# at them, then they become current: the one-current-card index holds at every statement.
_TO_ISSUE = """
CREATE TEMP TABLE hi_issue AS
SELECT nextval(pg_get_serial_sequence('hi_cards', 'card_id')) AS new_id, w.*,
       h.card_id AS old_id, h.facility_code AS old_facility,
       CASE WHEN h.valid_to >= w.valid_from - 1 THEN h.five_years_from END AS old_five_years
FROM hi_wanted w LEFT JOIN hi_cards h ON h.si_number = w.si_number AND h.replaced_by IS NULL
WHERE w.object_code IS NOT NULL AND w.valid_to >= :on
  AND (h.card_id IS NULL OR h.object_code <> w.object_code OR h.valid_to < :on
       OR h.status IN ('ended', 'withdrawn'))
"""
_INSERT = """
INSERT INTO hi_cards (card_id, si_number, object_code, benefit_level, province_code, valid_from,
                      valid_to, facility_code, five_years_from, replaced_by)
SELECT new_id, si_number, object_code, benefit_level, province_code, valid_from, valid_to,
       coalesce(old_facility, facility_code), least(old_five_years, five_years_from), new_id
FROM hi_issue
"""
_LINK_OLD = """
UPDATE hi_cards c SET replaced_by = i.new_id, updated_at = now()
FROM hi_issue i WHERE c.card_id = i.old_id
"""
_MAKE_CURRENT = """
UPDATE hi_cards c SET replaced_by = NULL FROM hi_issue i WHERE c.card_id = i.new_id
"""

_ISSUED = """
SELECT jsonb_build_object('card_id', new_id, 'si_number', si_number, 'object_code', object_code,
                          'valid_from', valid_from, 'valid_to', valid_to,
                          'renewal', old_id IS NOT NULL) AS payload
FROM hi_issue
"""


def issue_cards(
    *, connection: Connection, on: date, household_share: float = 0.6, among: str | None = None
) -> IssueSummary:
    """Issue, renew and end cards for everyone as of `on`, in the caller's transaction.

    `among` names a relation with an `si_number` column: only those persons are looked at (a
    batch of newborns), the same rules applying.
    """
    if not 0 <= household_share <= 1:
        raise ValueError(f"household_share must be between 0 and 1; got {household_share}")
    months, cut_month, cut_day = _child_rule(on)
    params: dict[str, Any] = {
        "on": on,
        "employee": EMPLOYEE,
        "child": CHILD,
        "household": HOUSEHOLD,
        "child_months": months,
        "cut_month": cut_month,
        "cut_day": cut_day,
        "household_share": household_share,
        "draw_range": _DRAW_RANGE,
        "levels": json.dumps(benefit_levels(on)),
        "years": _continuous_years(on),
    }
    only = f"WHERE p.si_number IN (SELECT si_number FROM {among})" if among else ""
    connection.execute(text(_WANTED.format(among=only)), params)
    ended = connection.execute(text(_END_EMPLOYEE_CARDS), params).rowcount
    connection.execute(text(_TO_ISSUE), params)
    issued = connection.execute(text(_INSERT)).rowcount
    renewed = connection.execute(text(_LINK_OLD)).rowcount
    connection.execute(text(_MAKE_CURRENT))
    record_set(connection, CardIssued, _ISSUED)  # one event per new card, set-based
    connection.execute(text("DROP TABLE hi_issue, hi_wanted"))
    return IssueSummary(issued=issued - renewed, renewed=renewed, ended=ended)


def demo_facilities(provinces: list[str], on: date) -> list[dict[str, Any]]:
    """A plausible set of facilities per province: a hospital, 3 centres, 10 stations."""
    rows: list[dict[str, Any]] = []
    for province in current_provinces(on):
        if province.code not in provinces:
            continue
        pp, name = province.code, province.name
        rows.append(_facility(f"{pp}001", f"Bệnh viện Đa khoa {name}", "specialised", pp, False))
        rows += [
            _facility(f"{pp}{n:03d}", f"Trung tâm Y tế khu vực {n - 1}, {name}", "basic", pp, True)
            for n in range(2, 5)
        ]
        rows += [
            _facility(f"{pp}{n:03d}", f"Trạm Y tế số {n - 10}, {name}", "primary", pp, True)
            for n in range(11, 21)
        ]
    return rows


def _facility(
    code: str, name: str, level: str, province: str, primary_care: bool
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "level": level,
        "province_code": province,
        "primary_care": primary_care,
    }


def register_facilities(*, connection: Connection, facilities: list[dict[str, Any]]) -> int:
    """Insert facilities that are not registered yet; return how many were added."""
    if not facilities:
        return 0
    return connection.execute(
        text(
            "INSERT INTO hi_facilities (code, name, level, province_code, primary_care) "
            "VALUES (:code, :name, :level, :province_code, :primary_care) "
            "ON CONFLICT (code) DO NOTHING"
        ),
        facilities,
    ).rowcount


def prepare_demo(
    *, connection: Connection, provinces: list[str], on: date | None = None
) -> IssueSummary:
    """Register demo facilities for `provinces` and issue everyone's cards as of `on` (today)."""
    day = on or today()
    register_facilities(connection=connection, facilities=demo_facilities(provinces, day))
    return issue_cards(connection=connection, on=day)
