"""The birth chain for a batch: register the children, link the parents, TE cards, no application.

Set-based: the batch is staged once, the registry's bulk verb registers the new children, the
births are inserted in one statement (once per child: a replay finds them), health issues the
cards restricted to the batch, and the events are recorded as sets.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.events.service import record_set
from ansinh.core.security.actor import SYSTEM
from ansinh.core.temp import temp_table
from ansinh.health.lifecycle.service import issue_newborn_cards
from ansinh.lifeevents.schemas import BirthBody
from ansinh.registry import bulk
from ansinh.registry.schemas import BirthRegistered, PersonRegistered

PURPOSE = "register a birth the civil registry notified (integrated procedure 2.000986)"
STAGE, NEW, BORN = "lifeevents_stage_births", "lifeevents_stage_children", "lifeevents_stage_born"
_STAGE = (
    "AS SELECT s.*, p.si_number FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS s("
    "inbox_id bigint, record_id text, personal_id text, full_name text, date_of_birth date, "
    "sex text, province_code text, mother_personal_id text, father_personal_id text) "
    "LEFT JOIN persons p ON p.personal_id = s.personal_id"
)
_NEW = (
    f"AS SELECT DISTINCT ON (personal_id) personal_id, full_name, date_of_birth, sex, "
    f"province_code, NULL::text AS si_number FROM {STAGE} WHERE si_number IS NULL "
    "ORDER BY personal_id, inbox_id"
)
_NUMBERED = (
    f"UPDATE {STAGE} s SET si_number = n.si_number FROM {NEW} n "
    "WHERE s.si_number IS NULL AND s.personal_id = n.personal_id"
)
_BORN = (
    "WITH born AS (INSERT INTO lifeevents_births (child_si_number, record_id, date_of_birth, "
    "mother_si_number, father_si_number) SELECT DISTINCT ON (s.si_number) s.si_number, "
    "left(s.record_id, 40), s.date_of_birth, m.si_number, f.si_number "
    f"FROM {STAGE} s LEFT JOIN persons m ON m.personal_id = s.mother_personal_id "
    "LEFT JOIN persons f ON f.personal_id = s.father_personal_id "
    "ORDER BY s.si_number, s.inbox_id ON CONFLICT DO NOTHING RETURNING *) "
    f"INSERT INTO {BORN} SELECT child_si_number, date_of_birth, mother_si_number, "
    "father_si_number FROM born"
)
_BORN_COLUMNS = "(si_number text, date_of_birth date, mother_si_number text, father_si_number text)"
_REGISTERED = f"SELECT jsonb_build_object('si_number', si_number) AS payload FROM {NEW}"
_BIRTHS = (
    "SELECT jsonb_build_object('child_si_number', si_number, 'date_of_birth', "
    "date_of_birth, 'mother_si_number', mother_si_number, 'father_si_number', father_si_number) "
    f"AS payload FROM {BORN}"
)


def _audit(db_session: Session, relation: str, resource: str) -> None:
    audit.record_from_select(
        db_session=db_session,
        actor=SYSTEM,
        subjects=f"SELECT si_number AS subject FROM {relation}",
        action="create",
        resource=resource,
        purpose=PURPOSE,
    )


def settle_births(
    db_session: Session, births: Sequence[tuple[int, BirthBody]], *, on: date
) -> dict[int, str]:
    """Register a batch of births once each; the child's SI number by inbox entry."""
    if not births:
        return {}
    rows = [{"inbox_id": i} | body.model_dump(mode="json") for i, body in births]
    db_session.execute(text(f"DROP TABLE IF EXISTS {STAGE}"))
    db_session.execute(
        text(f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP {_STAGE}"), {"rows": json.dumps(rows)}
    )
    temp_table(db_session, NEW, _NEW)
    bulk.register_persons(db_session=db_session, staging=NEW)
    db_session.execute(text(_NUMBERED))
    record_set(db_session, PersonRegistered, _REGISTERED)
    _audit(db_session, NEW, "registry.person")
    temp_table(db_session, BORN, _BORN_COLUMNS)
    db_session.execute(text(_BORN))
    issue_newborn_cards(db_session=db_session, staging=BORN, on=on, actor=SYSTEM, purpose=PURPOSE)
    record_set(db_session, BirthRegistered, _BIRTHS)
    _audit(db_session, BORN, "lifeevents.birth")
    staged = db_session.execute(text(f"SELECT inbox_id, si_number FROM {STAGE}")).all()
    return {int(inbox_id): str(si_number) for inbox_id, si_number in staged}
