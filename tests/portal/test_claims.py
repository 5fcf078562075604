"""Benefit claims in the portal: a citizen files and follows a claim; officers decide, four eyes."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.documents import service as documents
from ansinh.health.evidence.schemas import Certificate
from ansinh.health.evidence.service import store_certificate
from ansinh.portal.officers import service as officers
from ansinh.registry.models import Person
from tests.portal.conftest import Citizen, csrf_of, login, officer_login
from tests.portal.scan import untranslated

PASSWORD = "correct horse battery"
BIRTH = date(2026, 11, 2)


@pytest.fixture()
def mother(population: list[Citizen], db_session: Session) -> Citizen:
    """An insured woman of the synthetic province, whose birth certificate the hospital sent."""
    women = set(db_session.scalars(select(Person.si_number).where(Person.sex == "F")))
    found = next(c for c in population if c.si_number in women)
    certificate = {
        "serial": "GCS-0001",
        "kind": "birth",
        "personal_id": None,
        "si_number": found.si_number,
        "from_date": None,
        "to_date": None,
        "event_date": BIRTH,
        "facility_code": "79001",
        "caesarean": None,
        "under_32_weeks": None,
    }
    store_certificate(db_session, certificate=Certificate.model_validate(certificate))
    return found


def _officer(browser: TestClient, db_session: Session, username: str, role: str) -> None:
    officers.create_officer(
        db_session=db_session,
        username=username,
        full_name=f"Cán bộ {role}",
        role=role,
        password=PASSWORD,
    )
    _as(browser, username)


def _as(browser: TestClient, username: str) -> None:
    browser.cookies.clear()
    assert officer_login(browser, username, PASSWORD, follow_redirects=False).status_code == 303


def _file(browser: TestClient, kind: str, status: int = 303, **answers: str) -> str:
    form = browser.get(f"/me/claims/new/{kind}")
    assert form.status_code == 200, form.text
    sent = browser.post(
        f"/me/claims/new/{kind}",
        data={"csrf": csrf_of(form.text), **answers},
        follow_redirects=False,
    )
    assert sent.status_code == status, sent.text
    return sent.text if status != 303 else str(sent.headers["location"]).rsplit("/", 1)[1]


def _post(browser: TestClient, path: str, **data: str) -> int:
    page = browser.get(path.rsplit("/", 1)[0])
    answer = browser.post(path, data={"csrf": csrf_of(page.text), **data}, follow_redirects=False)
    return answer.status_code


def test_filing_asks_for_an_e_id_level_two_login(
    browser: TestClient, eid: TestClient, mother: Citizen
) -> None:
    login(browser, eid, mother)
    answer = browser.get("/me/claims/new/maternity-after-job", follow_redirects=False)
    assert answer.status_code == 303 and "level=2" in answer.headers["location"]


def test_a_citizen_files_maternity_after_leaving_a_job_and_follows_it_to_the_decision(
    browser: TestClient, eid: TestClient, mother: Citizen, db_session: Session
) -> None:
    login(browser, eid, mother, acr="LoA2", level=2)
    assert "Hồ sơ hưởng chế độ" in browser.get("/me/claims").text
    reference = _file(
        browser,
        "maternity-after-job",
        birth_date=BIRTH.isoformat(),
        children="1",
        certificate_serial="GCS-0001",
        channel="cash",
    )
    page = browser.get(f"/me/claims/{reference}").text
    assert "Được giải quyết" in page and 'data-testid="decision-pdf"' in page
    assert untranslated(page, "vi") == []
    pdf = browser.get(f"/me/claims/{reference}/decision.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    verdict = documents.verify_pdf(db_session=db_session, data=pdf.content)
    assert verdict.status == "genuine" and verdict.kind == "claim-decision"

    _officer(browser, db_session, "kiem.tra", "reviewer")
    dossier = browser.get(f"/officer/claims/{reference}").text
    assert mother.full_name in dossier and "GCS-0001" in dossier
    assert 'data-testid="trace"' in dossier and 'data-testid="law"' in dossier
    reads = db_session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.subject == mother.si_number, AuditEvent.resource == "benefits.claims"
        )
    ).all()
    assert "kiem.tra" in reads


def test_a_form_with_mistakes_is_shown_again_with_reasons_in_vietnamese(
    browser: TestClient, eid: TestClient, mother: Citizen
) -> None:
    login(browser, eid, mother, acr="LoA2", level=2)
    page = _file(browser, "maternity-voluntary", 422, birth_date="2099-01-01", channel="account")
    assert 'data-testid="form-errors"' in page
    assert untranslated(page, "vi") == []
    page = _file(browser, "withdrawal", 422, ground="out_of_insurance", channel="account")
    assert "số tài khoản" in page


def test_the_maker_cannot_approve_and_the_page_says_why(
    browser: TestClient, eid: TestClient, population: list[Citizen], db_session: Session
) -> None:
    person = population[2]
    _officer(browser, db_session, "lap.ho.so", "reviewer")
    form = browser.get("/officer/claims/new/long-term")
    opened = browser.post(
        "/officer/claims/new/long-term",
        data={
            "csrf": csrf_of(form.text),
            "si_number": person.si_number,
            "branch": "work_injury",
            "period_from": "2026-09-01",
            "facts": "cause = work_accident\ncapacity_loss_percent = 40\n"
            "contribution_salary = 12000000\nfund_months = 24",
            "channel": "cash",
        },
        follow_redirects=False,
    )
    assert opened.status_code == 303, opened.text
    path = opened.headers["location"]
    page = browser.get(path).text
    assert 'data-testid="four-eyes"' in page and 'data-testid="approve"' not in page
    assert untranslated(page, "vi") == []
    assert _post(browser, f"{path}/approve") == 403

    _officer(browser, db_session, "duyet", "supervisor")
    assert _post(browser, f"{path}/approve") == 303
    assert "Được giải quyết" in browser.get(path).text


def test_a_held_claim_waits_in_the_queue_and_a_refusal_needs_reasons_the_claimant_reads(
    browser: TestClient, eid: TestClient, mother: Citizen, db_session: Session
) -> None:
    login(browser, eid, mother, acr="LoA2", level=2)
    reference = _file(
        browser,
        "maternity-after-job",
        birth_date=BIRTH.isoformat(),
        certificate_serial="GCS-9999",
        channel="cash",
    )
    page = browser.get(f"/me/claims/{reference}").text
    assert "Tạm dừng" in page and "chưa nhận được giấy chứng nhận GCS-9999" in page
    assert untranslated(page, "vi") == []
    _officer(browser, db_session, "tu.choi", "officer")
    queue = browser.get("/officer/claims?province=79").text
    assert reference in queue and mother.full_name not in queue
    assert untranslated(queue, "vi") == []
    path = f"/officer/claims/{reference}/refuse"
    assert _post(browser, path, reasons="  ") == 422
    assert _post(browser, path, reasons="Hồ sơ thiếu giấy ra viện") == 303
    browser.cookies.clear()
    login(browser, eid, mother)
    page = browser.get(f"/me/claims/{reference}").text
    assert "Từ chối giải quyết" in page and "Hồ sơ thiếu giấy ra viện" in page


def test_the_officer_pages_speak_vietnamese(
    browser: TestClient, mother: Citizen, db_session: Session
) -> None:
    _officer(browser, db_session, "xem", "officer")
    for path in ("/officer/claims", "/officer/claims/new/long-term"):
        page = browser.get(path)
        assert page.status_code == 200
        assert untranslated(page.text, "vi") == [], path
