"""A dossier filed at the national portal reaches the platform; its statuses come back, once."""

from __future__ import annotations

from sqlalchemy import select, text

from ansinh.core.security.actor import Actor
from ansinh.nationalportal import jobs
from ansinh.nationalportal.models import Dossier, Report
from ansinh.services import service as services
from ansinh.services.models import Application
from sandbox.nationalportal import store
from tests.deliver import deliver_recorded
from tests.nationalportal.conftest import REPORT_KEY, Link

OFFICER = Actor(kind="officer", id="reviewer-1")


def _application(link: Link, dossier_no: str) -> Application:
    found = link.db_session.scalar(
        select(Application).where(Application.external_reference == dossier_no)
    )
    assert found is not None
    return found


def _send_owed(link: Link, **kwargs: int) -> list[str]:
    portal, _ = link.client(**kwargs)
    pending = link.db_session.scalars(
        select(Report.report_id).where(Report.state == "pending").order_by(Report.report_id)
    ).all()
    return [jobs.send_report(report_id, portal) for report_id in pending]


def _history(link: Link, dossier_no: str) -> list[tuple[str, str | None]]:
    with link.store.connect() as connection:
        return [(s["status"], s["outcome"]) for s in store.history(connection, dossier_no)]


def test_a_dossier_filed_at_the_portal_reaches_the_platform(link: Link) -> None:
    dossier_no = link.file()
    application = _application(link, dossier_no)
    assert application.channel == "national_portal" and application.status == "submitted"
    assert application.si_number == link.si_number
    assert link.db_session.get(Dossier, dossier_no) is not None
    page = link.portal.get(f"/dossiers/{dossier_no}")
    assert page.status_code == 200 and dossier_no in page.text
    assert application.reference in page.text and "Số hồ sơ" in page.text


def test_statuses_are_pushed_and_a_failed_report_is_retried(link: Link) -> None:
    dossier_no = link.file()
    deliver_recorded(link.db_session)
    portal, network = link.client(failures=1)
    report_id = link.db_session.scalars(select(Report.report_id)).one()
    assert jobs.send_report(report_id, portal) == "pending"  # the portal answered 503
    report = link.db_session.get(Report, report_id)
    assert report is not None and report.attempts == 1 and "503" in (report.last_error or "")
    later = link.db_session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'nationalportal:report' "
            "AND scheduled_at > now() AND args = CAST(:args AS jsonb)"
        ),
        {"args": f'{{"report_id": {report_id}}}'},
    )
    assert later == 1 and _history(link, dossier_no) == []  # retried later, with back-off
    assert jobs.send_report(report_id, portal) == "sent" and network.calls == 2
    assert _history(link, dossier_no) == [("submitted", None)]

    application = _application(link, dossier_no)
    services.take_into_review(db_session=link.db_session, application=application, actor=OFFICER)
    services.decide(
        db_session=link.db_session, application=application, actor=OFFICER, approve=True
    )
    deliver_recorded(link.db_session)
    assert _send_owed(link) == ["sent", "sent"]
    assert _history(link, dossier_no) == [
        ("submitted", None),
        ("in_review", None),
        ("decided", "approved"),
    ]
    shown = link.portal.get(f"/api/v1/dossiers/{dossier_no}").json()
    assert shown["statuses"][-1]["result_url"].endswith(f"/me/applications/{application.reference}")
    assert "Chấp thuận" in link.portal.get(f"/dossiers/{dossier_no}").text


def test_duplicates_are_applied_once(link: Link) -> None:
    dossier_no = link.file()
    deliver_recorded(link.db_session)
    deliver_recorded(link.db_session)  # a redelivered event owes nothing more
    assert len(link.db_session.scalars(select(Report)).all()) == 1
    report = link.db_session.scalars(select(Report)).one()
    portal, _ = link.client()
    assert jobs.send_report(report.report_id, portal) == "sent"
    assert jobs.send_report(report.report_id, portal) == "done"  # already acknowledged
    body = {
        "reference": report.reference,
        "status": "submitted",
        "at": report.at.isoformat(),
    }
    statuses = f"/api/v1/dossiers/{dossier_no}/statuses"
    again = link.portal.post(statuses, json=body, headers={"X-API-Key": REPORT_KEY})
    assert again.status_code == 200 and again.json() == {"applied": False}
    assert _history(link, dossier_no) == [("submitted", None)]
    forwarded = {
        "dossier_no": dossier_no,
        "service_code": "1.014162",
        "si_number": link.si_number,
        "level": 2,
        "answers": {},
    }
    resent = link.platform.post("/partners/v1/national-portal/dossiers", json=forwarded)
    assert resent.status_code == 200 and resent.json()["reference"] == report.reference
    stranger = link.portal.post(statuses, json=body)
    assert stranger.status_code == 401
