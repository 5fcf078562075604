"""The job that posts one status report to the national portal, after the commit that owed it."""

from __future__ import annotations

import logging

from ansinh.core.db import unit_of_work
from ansinh.nationalportal import service
from ansinh.nationalportal.client import PortalClient, PortalUnavailable, connect

log = logging.getLogger(__name__)


def send_report(report_id: int, portal: PortalClient | None = None) -> str:
    """Post the report (the job `nationalportal:report`); its state afterwards."""
    portal = portal or connect()
    if portal is None:
        log.info("no national portal configured: report %s kept", report_id)
        return "pending"
    with unit_of_work() as db_session:
        owed = service.due(db_session=db_session, report_id=report_id)
    if owed is None:
        return "done"
    dossier_no, report = owed
    try:
        portal.report(dossier_no, report)  # outside any transaction: the portal may be slow
    except PortalUnavailable as exc:
        with unit_of_work() as db_session:
            state = service.mark_failed(db_session=db_session, report_id=report_id, error=str(exc))
        log.warning("report %s to the national portal failed (%s)", report_id, state)
        return state
    with unit_of_work() as db_session:
        service.mark_sent(db_session=db_session, report_id=report_id)
    return "sent"
