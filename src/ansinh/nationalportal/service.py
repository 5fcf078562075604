"""Take dossiers from the national portal, and keep the status reports owed to it.

A dossier becomes an application of the online services (channel `national_portal`); each status
the application reaches is a report, queued once per (reference, status) and sent by a job.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.jobs.queue import enqueue
from ansinh.core.security.actor import Actor
from ansinh.nationalportal.models import Dossier, Report
from ansinh.nationalportal.schemas import DossierIn, DossierReceipt, StatusReport
from ansinh.services import service as services
from ansinh.services.schemas import ApplicationStatusChanged

CHANNEL = "national_portal"
REPORT = "nationalportal:report"
ERROR_CHARS = 500


def receive(*, db_session: Session, actor: Actor, dossier: DossierIn) -> DossierReceipt:
    """File the dossier as an application, once: a dossier forwarded again gets the same one."""
    db_session.execute(select(func.pg_advisory_xact_lock(func.hashtext(dossier.dossier_no))))
    known = db_session.get(Dossier, dossier.dossier_no)
    if known is not None:
        application = services.get_by_reference(db_session=db_session, reference=known.reference)
        return DossierReceipt(
            dossier_no=known.dossier_no,
            reference=known.reference,
            status=application.status,
            duplicate=True,
        )
    application = services.submit(
        db_session=db_session,
        service=services.get_service(dossier.service_code),
        si_number=dossier.si_number,
        level=dossier.level,
        answers=dossier.answers,
        actor=actor,
        channel=CHANNEL,
        external_reference=dossier.dossier_no,
    )
    db_session.add(Dossier(dossier_no=dossier.dossier_no, reference=application.reference))
    db_session.flush()
    return DossierReceipt(
        dossier_no=dossier.dossier_no, reference=application.reference, status=application.status
    )


def queue_report(*, db_session: Session, event: ApplicationStatusChanged) -> int | None:
    """Owe the portal this status (once per reference and status); the job id, or None."""
    if event.channel != CHANNEL or event.external_reference is None:
        return None
    report_id = db_session.scalar(
        insert(Report)
        .values(
            reference=event.reference,
            dossier_no=event.external_reference,
            status=event.status,
            outcome=event.outcome,
            at=event.at,
            note_vi=event.note_vi,
        )
        .on_conflict_do_nothing(index_elements=["reference", "status"])
        .returning(Report.report_id)
    )
    if report_id is not None:
        enqueue(db_session, REPORT, {"report_id": report_id})
    return report_id


def due(*, db_session: Session, report_id: int) -> tuple[str, StatusReport] | None:
    """The dossier number and the report still to send, or None once sent or given up."""
    report = db_session.get(Report, report_id)
    if report is None or report.state != "pending":
        return None
    base = get_settings().portal_base_url or ""
    decided = report.outcome is not None
    return report.dossier_no, StatusReport(
        reference=report.reference,
        status=report.status,
        outcome=report.outcome,
        at=report.at.isoformat(),
        note_vi=report.note_vi,
        result_url=f"{base}/me/applications/{report.reference}" if decided else None,
    )


def mark_sent(*, db_session: Session, report_id: int) -> None:
    """The portal acknowledged the report."""
    report = db_session.get(Report, report_id)
    if report is not None:
        report.state, report.sent_at = "sent", clock.now()
        report.attempts += 1
        db_session.flush()


def mark_failed(*, db_session: Session, report_id: int, error: str) -> str:
    """Count a failed attempt: try again later with back-off, or give up after the last one."""
    settings = get_settings()
    report = db_session.get(Report, report_id)
    if report is None:
        return "unknown"
    report.attempts += 1
    report.last_error = error[:ERROR_CHARS]
    if report.attempts >= settings.national_portal_max_attempts:
        report.state = "failed"
    else:
        wait = settings.national_portal_retry_seconds * 2 ** (report.attempts - 1)
        at = clock.now() + timedelta(seconds=wait)
        enqueue(db_session, REPORT, {"report_id": report_id}, at=at)
    db_session.flush()
    return report.state


def reports(*, db_session: Session, reference: str) -> list[Report]:
    """The reports owed or sent for one application, in status order."""
    return list(
        db_session.scalars(
            select(Report).where(Report.reference == reference).order_by(Report.report_id)
        )
    )
