"""Business checks of a batch's staged lines, set-based: each check marks the lines it refuses.

`cb_input` holds the structurally valid lines. They are resolved against the registry into
`cb_stage` (both are the connection's scratch tables, see staging); one statement marks each
line with the first rule of RULES it breaks, then lines repeating an earlier one are marked.
Evidence, late filing and eligibility are the claims core's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.benefits.claims.batches.staging import SMALL
from ansinh.core.temp import analyze
from ansinh.rules.store import parameter

_DAY = timedelta(days=1)

_RESOLVE = """
INSERT INTO cb_stage SELECT i.*, p.si_number IS NOT NULL AS registered,
  p.personal_id AS registered_pid, p.province_code, e.employment_id IS NOT NULL AS employed,
  (i.to_date - i.from_date + 1) AS span, w.subtypes IS NOT NULL AS working_days,
  a.claim_id, NULL::text AS field, NULL::text AS reason
FROM cb_input i
LEFT JOIN persons p ON p.si_number = i.si_number
-- Part 2 names a settled claim of the same person that this unit filed.
LEFT JOIN LATERAL (SELECT c.claim_id FROM benefit_claims c WHERE i.part = 'adjustment'
  AND c.reference = i.adjusts_claim AND c.si_number = i.si_number
  AND c.unit_code = :unit_code AND c.status = 'granted') a ON true
LEFT JOIN LATERAL (SELECT employment_id FROM employments e WHERE e.si_number = i.si_number
  AND e.unit_code = :unit_code AND e.start_date <= i.from_date
  AND (e.end_date IS NULL OR e.end_date >= i.from_date) LIMIT 1) e ON true
LEFT JOIN unnest(CAST(:valid_from AS date[]), CAST(:valid_to AS date[]),
  CAST(:subtypes AS text[])) AS w(valid_from, valid_to, subtypes)
  ON i.from_date >= w.valid_from AND i.from_date < w.valid_to
  AND i.branch || '.' || i.subtype = ANY (string_to_array(w.subtypes, ','))
"""


# Each rule: the field it blames, the reason (SQL), the condition that breaks it; in order.
RULES = (
    ("si_number", "'no person with this SI number is registered'", "NOT s.registered"),
    (
        "personal_id",
        "'does not match the personal ID registered for this SI number'",
        "s.personal_id <> s.registered_pid",
    ),
    (
        "from_date",
        "'the rules of short-term benefits start on ' || CAST(:earliest AS date)",
        "s.from_date < CAST(:earliest AS date)",
    ),
    ("from_date", "'the leave has not begun: it is after today'", "s.from_date > :today"),
    ("received_date", "'after today'", "s.received_date > :today"),
    (
        "from_date",
        "'the person was not employed by unit ' || :unit_code || ' on this date'",
        "NOT s.employed",
    ),
    (
        "days",
        "'this benefit counts weekends and holidays: days must be the ' || s.span "
        "|| ' calendar days from from_date to to_date'",
        "NOT s.working_days AND s.days <> s.span",
    ),
    (
        "days",
        "'days and weekly_rest_days together exceed the ' || s.span "
        "|| ' calendar days from from_date to to_date'",
        "s.working_days AND s.days + s.weekly_rest_days > s.span",
    ),
    (
        "adjusts_claim",
        "'no granted claim of this person filed by this unit has this reference'",
        "s.part = 'adjustment' AND s.claim_id IS NULL",
    ),
)


def _first_broken(rules: tuple[tuple[str, str, str], ...]) -> str:
    """One statement marking each line with the first rule it breaks."""
    fields = " ".join(f"WHEN {condition} THEN '{field}'" for field, _, condition in rules)
    reasons = " ".join(f"WHEN {condition} THEN {reason}" for _, reason, condition in rules)
    broken = " OR ".join(f"({condition})" for _, _, condition in rules)
    return (
        f"UPDATE cb_stage s SET field = CASE {fields} END, reason = CASE {reasons} END "
        f"WHERE s.reason IS NULL AND ({broken})"
    )


CHECKS = (
    _first_broken(RULES),
    # The same person, branch and days twice in one list: the later lines are refused.
    "UPDATE cb_stage s SET field = 'from_date', reason = 'overlaps line ' || d.line "
    "|| ' (same person, branch and days)' FROM cb_stage d WHERE s.reason IS NULL "
    "AND d.reason IS NULL AND d.line < s.line AND d.si_number = s.si_number "
    "AND d.branch = s.branch AND d.part = s.part "
    "AND daterange(d.from_date, d.to_date, '[]') && daterange(s.from_date, s.to_date, '[]')",
)


def earliest() -> date:
    """The first day the working-day rules of the list cover: no leave may start before it."""
    return parameter("claims/working_day_subtypes").enacted()[0].start


def check_staged(*, db_session: Session, unit_code: str, today: date, lines: int) -> None:
    """Resolve `cb_input` into `cb_stage` and mark each line that breaks a rule."""
    bounds = {"unit_code": unit_code, "today": today, "earliest": earliest()}
    db_session.execute(text(_RESOLVE), {"unit_code": unit_code, **_working_days()})
    if lines > SMALL:  # statistics for the joins of a large list; a small one is faster without
        analyze(db_session, "cb_stage")
    for statement in CHECKS:
        db_session.execute(
            text(statement), {k: v for k, v in bounds.items() if f":{k}" in statement}
        )


def _working_days() -> dict[str, list[Any]]:
    """The dated lists of sub-types counted in working days, as parallel arrays."""
    periods = parameter("claims/working_day_subtypes").enacted()
    return {
        "valid_from": [p.start for p in periods],
        "valid_to": [p.end + _DAY if p.end else date.max for p in periods],
        "subtypes": [
            ",".join(map(str, p.value)) if isinstance(p.value, list) else "" for p in periods
        ],
    }
