"""The pages around the engine: a citizen's form drawn from JSON Schema, the officer's queue, the
supervisor's view of overdue applications, completing a paused file, withdrawal."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.portal.officers import service as officers
from ansinh.services import demo, service
from ansinh.services.models import Application
from tests.benefits.claims.conftest import Insure
from tests.conftest import audit_trail
from tests.portal.conftest import csrf_of, officer_login
from tests.services.conftest import DAY, MAKER, Submit

PASSWORD = "correct horse battery"


def _officer(browser: TestClient, db_session: Session, name: str, role: str) -> None:
    officers.create_officer(
        db_session=db_session,
        username=name,
        full_name=f"Cán bộ {name}",
        role=role,
        password=PASSWORD,
    )
    browser.cookies.clear()
    assert officer_login(browser, name, PASSWORD, follow_redirects=False).status_code == 303


def test_an_overdue_application_is_on_the_supervisors_view(
    browser: TestClient, db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):
        late = submit("1.014162")  # 5 working days: due on 12 October
        on_time = submit("1.014176", bank_bin="970436", account_number="0071000123456")
    _officer(browser, db_session, "lanh.dao", "supervisor")
    with clock.frozen_at(date(2026, 10, 14)):
        page = browser.get("/officer/supervisor")
        assert page.status_code == 200
        overdue = page.text.split('data-testid="overdue"')[1].split("</table>")[0]
        assert late.reference in overdue and on_time.reference in overdue
        queue = browser.get("/officer?province=79&code=1.014162").text
        assert late.reference in queue and on_time.reference not in queue and "quá hạn" in queue
    with clock.frozen_at(date(2026, 10, 9)):
        assert "Không có hồ sơ quá hạn" in browser.get("/officer/supervisor").text


def test_an_officer_may_not_open_the_supervisors_view(
    browser: TestClient, db_session: Session
) -> None:
    _officer(browser, db_session, "can.bo", "officer")
    assert browser.get("/officer/supervisor").status_code == 403


def test_a_supervisor_reassigns_an_application(
    browser: TestClient, db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014162")
    _officer(browser, db_session, "lanh.dao", "supervisor")
    page = browser.get(f"/officer/applications/{application.reference}")
    answer = browser.post(
        f"/officer/applications/{application.reference}/reassign",
        data={"csrf": csrf_of(page.text), "to": "tran.thi.b"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert application.assignee == "tran.thi.b"
    assert "tran.thi.b" in browser.get("/officer").text


def test_an_officer_asks_for_documents_and_the_clock_pauses(
    browser: TestClient, db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014163")
    _officer(browser, db_session, "xet.duyet", "reviewer")
    path = f"/officer/applications/{application.reference}"
    with clock.frozen_at(date(2026, 10, 6)):
        page = browser.get(path)
        browser.post(f"{path}/review", data={"csrf": csrf_of(page.text)})
        page = browser.get(path)
        answer = browser.post(
            f"{path}/request-documents",
            data={"csrf": csrf_of(page.text), "note": "Thiếu giấy ra viện."},
            follow_redirects=False,
        )
    assert answer.status_code == 303 and application.status == "incomplete"
    assert "Thiếu giấy ra viện." in browser.get(path).text
    with clock.frozen_at(date(2026, 10, 9)):
        service.complete(db_session=db_session, application=application, actor=MAKER)
    assert application.due_on == date(2026, 10, 15)


def test_the_demo_files_applications_across_procedures_and_channels(
    db_session: Session, applicant: str, insure: Insure
) -> None:
    for _ in range(6):
        insure()
    filed = demo.seed_applications(db_session=db_session, province_code="79", people=7)
    assert filed >= 4
    counted = service.figures(db_session=db_session)
    assert {"portal", "national_portal"} <= set(counted.by_channel)
    assert len(counted.by_service) >= 2 and counted.decided >= 1
    assert demo.seed_applications(db_session=db_session, province_code="79") == 0


def test_the_demo_files_its_national_portal_applications_at_the_portal_first(
    db_session: Session, applicant: str, insure: Insure
) -> None:
    for _ in range(6):
        insure()
    filed: list[tuple[str, str]] = []

    def file_at_portal(code: str, si_number: str, answers: dict[str, str]) -> str:
        filed.append((code, si_number))
        return f"G22.99-261207-{len(filed):06d}"

    demo.seed_applications(
        db_session=db_session, province_code="79", people=7, file_at_portal=file_at_portal
    )
    on_portal = db_session.execute(
        select(Application.service_code, Application.si_number, Application.external_reference)
        .where(Application.channel == "national_portal")
        .order_by(Application.external_reference)
    ).all()
    assert on_portal, "the plan files some applications through the national portal"
    numbers = {f"G22.99-261207-{i:06d}": key for i, key in enumerate(filed, start=1)}
    for code, si_number, dossier_no in on_portal:
        assert numbers[dossier_no] == (code, si_number)


def test_an_officer_opens_an_attachment_and_the_read_is_audited(
    browser: TestClient, db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014163")
    _officer(browser, db_session, "xet.duyet", "reviewer")
    page = browser.get(f"/officer/applications/{application.reference}").text
    attachment = application.attachments[0]
    link = f"/officer/applications/{application.reference}/attachments/{attachment.attachment_id}"
    assert link in page
    answer = browser.get(link)
    assert answer.status_code == 200 and answer.content == attachment.content
    reads = audit_trail(db_session, application.si_number)
    assert ("officer", "xet.duyet", "read", "services.application") in [r[:4] for r in reads]
    assert browser.get(link.rsplit("/", 1)[0] + "/999999").status_code == 404


def test_the_applicant_is_notified_of_a_step_taken_by_an_officer(
    db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014162")
    assert not service.is_news(application)  # their own step
    service.take_into_review(db_session=db_session, application=application, actor=MAKER)
    assert service.is_news(application)
    service.mark_seen(db_session=db_session, application=application)
    assert not service.is_news(application)
