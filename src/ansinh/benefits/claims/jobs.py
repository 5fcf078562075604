"""Scheduled claims work: pre-filled pension claims for next month's retirements."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.benefits.claims.proactive import pensions_due
from ansinh.core import clock


def prefill_pensions(*, db_session: Session) -> int:
    """Pre-fill the pension claims of everyone retiring next month; return how many."""
    return pensions_due(db_session, on=clock.today())
