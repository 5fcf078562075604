"""The officers' page of background jobs: supervisors see the queue's history in Vietnamese."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core.jobs.queue import enqueue
from ansinh.portal.officers import service as officers
from tests.portal.conftest import officer_login

PASSWORD = "correct horse battery"


def _log_in(browser: TestClient, db_session: Session, role: str) -> None:
    username = f"{role}.jobs"
    officers.create_officer(
        db_session=db_session, username=username, full_name="Cán bộ", role=role, password=PASSWORD
    )
    answer = officer_login(browser, username, PASSWORD, follow_redirects=False)
    assert answer.status_code == 303


def test_a_supervisor_sees_recent_jobs_with_vietnamese_labels(
    browser: TestClient, db_session: Session
) -> None:
    enqueue(db_session, "linkage:follow_feed", {})
    _log_in(browser, db_session, "supervisor")
    page = browser.get("/officer/jobs")
    assert page.status_code == 200
    assert "Công việc chạy nền" in page.text
    assert "Cập nhật thay đổi từ Cơ sở dữ liệu quốc gia về dân cư" in page.text
    assert "Đang chờ" in page.text


def test_an_officer_handling_cases_may_not_see_the_jobs(
    browser: TestClient, db_session: Session
) -> None:
    _log_in(browser, db_session, "officer")
    assert browser.get("/officer/jobs").status_code == 403
