"""The demo's claims: a few hundred employed people of the province laid off and claiming."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.core.jobs.queue import enqueue
from ansinh.core.temp import temp_table
from ansinh.registry import bulk
from ansinh.unemployment.grounds import SEND
from ansinh.unemployment.models import Claim

LAID_OFF_DAYS_AGO = 20
STAGING = "ui_demo_layoffs"
# Long-employed people with a personal ID, drawn by a hash so every demo draws the same ones.
_CHOOSE = f"""
INSERT INTO {STAGING} (employment_id, si_number, end_date)
SELECT e.employment_id, e.si_number, :laid_off
FROM employments e JOIN persons p USING (si_number)
WHERE e.end_date IS NULL AND p.personal_id IS NOT NULL AND p.province_code = :province
  AND e.start_date < :laid_off - interval '2 years'
ORDER BY md5(e.si_number) LIMIT :count
"""
_CLAIM = f"""
INSERT INTO ui_claims (claim_id, si_number, province_code, terminated_on, filed_on, status)
SELECT gen_random_uuid(), si_number, :province, end_date, :filed, 'filed' FROM {STAGING}
"""


def seed_claims(*, db_session: Session, province_code: str, count: int, filed_on: date) -> int:
    """Lay off `count` people (their employments end through the registry) and file their
    claims, queued for the centre; nothing if claims exist. How many were filed."""
    if db_session.scalar(select(Claim.claim_id).limit(1)) is not None:
        return 0
    laid_off = filed_on - timedelta(days=LAID_OFF_DAYS_AGO)
    temp_table(
        db_session, STAGING, "(employment_id bigint PRIMARY KEY, si_number text, end_date date)"
    )
    params = {"laid_off": laid_off, "province": province_code, "count": count}
    db_session.execute(text(_CHOOSE), params)
    bulk.end_employments(db_session=db_session, staging=STAGING)
    filed = db_session.execute(
        text(_CLAIM), {"province": province_code, "filed": filed_on}
    ).rowcount  # type: ignore[attr-defined]
    enqueue(db_session, SEND, {})
    return int(filed)
