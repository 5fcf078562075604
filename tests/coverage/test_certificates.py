"""Certificates of coverage: issued and verified offline, refused with the reason, chains."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core import signing
from ansinh.core.events.models import OutboxEvent
from ansinh.coverage import service
from ansinh.coverage.schemas import PostingCreate
from ansinh.documents import seal
from ansinh.documents import service as documents
from tests.conftest import api_headers, audit_trail
from tests.coverage.conftest import API, EMPLOYER, OTHER, PURPOSE, SENDER
from tests.portal.scan import untranslated


def _apply(
    db_session: Session,
    worker: str,
    start: date,
    end: date,
    *,
    unit: str = SENDER,
    extension: bool = False,
    country: str = "KR",
) -> service.Applied:
    posting = PostingCreate(
        si_number=worker,
        country=country,
        unit_code=unit,
        starts_on=start,
        ends_on=end,
        extension=extension,
    )
    return service.apply(db_session=db_session, actor=EMPLOYER, purpose=PURPOSE, posting=posting)


def test_issued_over_the_api_and_verified_offline(
    client: TestClient, db_session: Session, worker: str, headers: dict[str, str]
) -> None:
    body = {
        "si_number": worker,
        "country": "KR",
        "unit_code": SENDER,
        "starts_on": "2026-03-01",
        "ends_on": "2028-02-29",
    }
    answer = client.post(API, json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    issued = answer.json()
    assert issued["status"] == "issued" and issued["months_counted"] == 24
    again = client.post(API, json=body, headers=headers)
    assert again.status_code == 200 and again.json()["reference"] == issued["reference"]
    assert again.json()["duplicate"] is True

    token = issued["verification_url"].split("#", 1)[1]
    # offline: the published keys alone prove the seal, no call to anyone
    jwks = client.get("/.well-known/jwks.json").json()
    claims = signing.verify(token, jwks)
    assert claims["kind"] == "coverage-certificate" and claims["doc"] == issued["document_id"]
    verdict = documents.verify_seal(db_session=db_session, token=token)
    assert verdict.status == "genuine" and verdict.kind == "coverage-certificate"
    assert verdict.si_number_ending == worker[-3:]

    pdf = client.get(f"{API}/{issued['reference']}/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert documents.verify_pdf(db_session=db_session, data=pdf.content).status == "genuine"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for words in ("GIẤY CHỨNG NHẬN", "Certificate of coverage", "Hàn Quốc", "Republic of Korea"):
        assert words in text
    assert seal.read(token).document_id == issued["document_id"]

    page = client.post("/verify", data={"seal": token})
    assert page.status_code == 200 and 'data-status="genuine"' in page.text

    events = db_session.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.name == "CoverageCertified")
    ).all()
    assert [e["reference"] for e in events] == [issued["reference"]]
    assert ("client", "coverage-test", "create", "coverage.certificate", "automated test") in (
        audit_trail(db_session, worker)
    )


def test_refused_past_96_months(db_session: Session, worker: str) -> None:
    first = _apply(db_session, worker, date(2024, 1, 1), date(2028, 12, 31))
    assert first.certificate.status == "issued" and first.certificate.months_counted == 60
    extended = _apply(db_session, worker, date(2029, 1, 1), date(2031, 12, 31), extension=True)
    assert extended.certificate.status == "issued" and extended.certificate.months_counted == 96
    beyond = _apply(db_session, worker, date(2032, 1, 1), date(2032, 1, 31), extension=True)
    refused = beyond.certificate
    assert refused.status == "refused" and refused.refusal_code == "beyond_limit"
    assert refused.months_counted == 97 and "96 tháng" in (refused.reason_vi or "")
    assert refused.document_id is None


def test_beyond_60_months_needs_an_extension(db_session: Session, worker: str) -> None:
    _apply(db_session, worker, date(2024, 1, 1), date(2028, 12, 31))
    plain = _apply(db_session, worker, date(2029, 1, 1), date(2029, 6, 30)).certificate
    assert plain.status == "refused" and plain.refusal_code == "beyond_posting"


def test_an_extension_only_with_the_same_employer(db_session: Session, worker: str) -> None:
    _apply(db_session, worker, date(2024, 1, 1), date(2028, 12, 31))
    other = _apply(
        db_session, worker, date(2029, 1, 1), date(2030, 12, 31), unit=OTHER, extension=True
    ).certificate
    assert other.status == "refused" and other.refusal_code == "extension_other_employer"
    # a new posting with another employer restarts the count: 60 months again, no extension
    fresh = _apply(db_session, worker, date(2029, 1, 1), date(2033, 12, 31), unit=OTHER)
    assert fresh.certificate.status == "issued" and fresh.certificate.months_counted == 60


def test_a_pre_2024_posting_counts_from_2024(db_session: Session, worker: str) -> None:
    since_2020 = _apply(db_session, worker, date(2020, 6, 1), date(2028, 12, 31)).certificate
    assert since_2020.status == "issued" and since_2020.months_counted == 60
    over = _apply(db_session, worker, date(2029, 1, 1), date(2029, 1, 31)).certificate
    assert over.status == "refused" and over.months_counted == 61


def test_an_unknown_country_is_refused(
    client: TestClient, worker: str, headers: dict[str, str]
) -> None:
    body = {
        "si_number": worker,
        "country": "JP",
        "unit_code": SENDER,
        "starts_on": "2026-03-01",
        "ends_on": "2027-02-28",
    }
    answer = client.post(API, json=body, headers=headers)
    assert answer.status_code == 201
    refused = answer.json()
    assert refused["status"] == "refused" and refused["refusal_code"] == "no_agreement"
    assert refused["reason_vi"].startswith("Việt Nam chưa có Hiệp định")
    pdf = client.get(f"{API}/{refused['reference']}/pdf", headers=headers)
    assert pdf.status_code == 404


def test_bad_input_is_a_problem_not_a_500(
    client: TestClient, worker: str, headers: dict[str, str]
) -> None:
    body = {
        "si_number": worker,
        "country": "Korea",
        "unit_code": SENDER,
        "starts_on": "2027-03-01",
        "ends_on": "2026-02-28",
    }
    answer = client.post(API, json=body, headers=headers)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_the_exemption_is_queryable_and_another_employer_reads_nothing(
    client: TestClient, db_session: Session, worker: str, headers: dict[str, str]
) -> None:
    issued = _apply(db_session, worker, date(2026, 1, 1), date(2026, 12, 31)).certificate
    found = service.exemptions(
        db_session=db_session,
        actor=EMPLOYER,
        purpose=PURPOSE,
        si_number=worker,
        on=date(2026, 6, 1),
    )
    assert [e.reference for e in found] == [issued.reference]
    later = date(2027, 1, 1)
    assert not service.exemptions(
        db_session=db_session, actor=EMPLOYER, purpose=PURPOSE, si_number=worker, on=later
    )
    mine = client.get(f"{API}/{issued.reference}", headers=headers)
    assert mine.status_code == 200 and mine.json()["status"] == "issued"
    stranger = api_headers(db_session, "coverage:apply", client_id="another-employer")
    assert client.get(f"{API}/{issued.reference}", headers=stranger).status_code == 404


def test_the_employer_page_issues_in_vietnamese_and_refuses_a_wrong_key(
    client: TestClient, worker: str, headers: dict[str, str]
) -> None:
    key = headers["Authorization"].removeprefix("Bearer ")
    form = {
        "api_key": key,
        "si_number": worker,
        "country": "KR",
        "unit_code": SENDER,
        "starts_on": "2026-03-01",
        "ends_on": "2027-02-28",
    }
    page = client.post("/employer/coverage", data=form)
    assert page.status_code == 200 and 'data-status="issued"' in page.text
    assert "Đã cấp giấy chứng nhận" in page.text
    reference = page.text.split('name="reference" value="', 1)[1].split('"', 1)[0]
    pdf = client.post("/employer/coverage/pdf", data={"api_key": key, "reference": reference})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    wrong = client.post("/employer/coverage", data={**form, "api_key": "not-a-key"})
    assert wrong.status_code == 422 and "Khóa không đúng" in wrong.text
    japan = client.post("/employer/coverage", data={**form, "country": "JP"})
    assert 'data-status="refused"' in japan.text and "chưa có Hiệp định" in japan.text
    for shown in (page, wrong, japan):
        assert untranslated(shown.text, "vi") == []
    assert client.get("/employer/coverage").status_code == 200
