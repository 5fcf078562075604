"""The death chain for a batch: settle each death once, `PersonDied`; other reports held.

A death is settled once per person (`lifeevents_deaths`), whether the civil registry or a bank
report the population register confirmed came first; only a settled death publishes
`PersonDied`, so a held hospital or bank report never stops a payment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.events.service import record_set
from ansinh.core.security.actor import SYSTEM
from ansinh.lifeevents.claims import open_claims
from ansinh.lifeevents.models import DeathReport
from ansinh.lifeevents.people import si_number_of
from ansinh.registry.schemas import PersonDied

PURPOSE = "announce a death the civil registry registered (integrated procedure 1.006714)"
STAGE, DIED = "lifeevents_stage_deaths", "lifeevents_stage_died"
_STAGE = (
    "AS SELECT s.*, p.si_number FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS s("
    "inbox_id bigint, record_id text, personal_id text, date_of_death date, application jsonb) "
    "LEFT JOIN persons p ON p.personal_id = s.personal_id"
)
_SETTLE = (
    "WITH settled AS (INSERT INTO lifeevents_deaths (si_number, date_of_death, source, "
    "record_id, application) SELECT DISTINCT ON (si_number) si_number, date_of_death, :source, "
    f"left(record_id, 40), application FROM {STAGE} WHERE si_number IS NOT NULL "
    "ORDER BY si_number, inbox_id ON CONFLICT DO NOTHING RETURNING si_number, date_of_death) "
    f"INSERT INTO {DIED} SELECT * FROM settled"
)
# A death a bank report settled first gets the registry's record and the family's application.
_COMPLETE = (
    "UPDATE lifeevents_deaths d SET record_id = left(s.record_id, 40), application = "
    f"s.application FROM {STAGE} s WHERE d.si_number = s.si_number AND d.record_id IS NULL "
    "AND s.record_id IS NOT NULL"
)
_CONFIRM = (
    "UPDATE lifeevents_death_reports SET confirmed_at = now() WHERE confirmed_at IS NULL "
    f"AND si_number IN (SELECT si_number FROM {STAGE})"
)
_DIED = (
    "SELECT jsonb_build_object('si_number', si_number, 'date_of_death', date_of_death) AS payload "
    f"FROM {DIED}"
)
_TO_CLAIM = (
    "SELECT d.si_number, d.date_of_death, d.application FROM lifeevents_deaths d "
    f"WHERE d.si_number IN (SELECT si_number FROM {STAGE}) AND d.application IS NOT NULL "
    "AND d.funeral_claim IS NULL AND d.claims_note IS NULL"
)


def settle_deaths(
    db_session: Session,
    deaths: Sequence[tuple[int, dict[str, Any]]],
    *,
    source: str = "civil",
    on: date,
) -> dict[int, str | None]:
    """Settle a batch of deaths (inbox id, facts) once per person; SI numbers (None: unknown).

    Each fact is `record_id`, `personal_id`, `date_of_death` and the family's `application`.
    """
    if not deaths:
        return {}
    rows = [{"inbox_id": i} | facts for i, facts in deaths]
    db_session.execute(text(f"DROP TABLE IF EXISTS {STAGE}, {DIED}"))
    db_session.execute(
        text(f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP {_STAGE}"), {"rows": json.dumps(rows)}
    )
    db_session.execute(
        text(f"CREATE TEMP TABLE {DIED} (si_number text, date_of_death date) ON COMMIT DROP")
    )
    db_session.execute(text(_SETTLE), {"source": source})
    db_session.execute(text(_COMPLETE))
    record_set(db_session, PersonDied, _DIED)
    audit.record_from_select(
        db_session=db_session,
        actor=SYSTEM,
        subjects=f"SELECT si_number AS subject FROM {DIED}",
        action="update",
        resource="lifeevents.death",
        purpose=PURPOSE,
    )
    db_session.execute(text(_CONFIRM))
    to_claim = db_session.execute(text(_TO_CLAIM)).all()
    open_claims(
        db_session,
        [(r.si_number, r.date_of_death, r.application) for r in to_claim],
        received_on=on,
    )
    staged = db_session.execute(text(f"SELECT inbox_id, si_number FROM {STAGE}")).all()
    return {int(inbox_id): si_number for inbox_id, si_number in staged}


def hold_report(
    db_session: Session,
    *,
    source: str,
    reference: str,
    si_number: str | None,
    personal_id: str | None,
    date_of_death: date,
) -> DeathReport:
    """Keep a hospital's or bank's death report, held until the civil registry confirms it.

    A held report never stops a payment: only a settled death publishes `PersonDied`.
    """
    report = DeathReport(
        source=source,
        reference=reference[:60],
        si_number=si_number or si_number_of(db_session, personal_id),
        personal_id=personal_id,
        date_of_death=date_of_death,
    )
    db_session.add(report)
    db_session.flush()
    return report
