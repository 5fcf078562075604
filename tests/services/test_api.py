"""Employers' API: scope `services:apply`, problem+json on a bad form, only their own files."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core import clock
from tests.conftest import api_headers
from tests.services.conftest import DAY, PDF, UNIT

API = "/api/v1/services"


def _posting(si: str) -> dict[str, object]:
    return {
        "si_number": si,
        "answers": {
            "country": "KR",
            "unit_code": UNIT,
            "starts_on": "2026-11-01",
            "ends_on": "2028-10-31",
        },
    }


def test_an_employer_applies_for_a_certificate_of_coverage(
    client: TestClient, db_session: Session, applicant: str
) -> None:
    headers = api_headers(db_session, "services:apply", client_id="hanviet-hr")
    with clock.frozen_at(DAY):
        answer = client.post(
            f"{API}/BHXH-CCHQ/applications", json=_posting(applicant), headers=headers
        )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "decided" and body["outcome"] == "approved"
    assert body["result"]["certificate"].startswith("CC-") and body["document_id"]
    again = client.get(f"{API}/applications/{body['reference']}", headers=headers)
    assert again.status_code == 200 and again.json()["events"][0]["status"] == "submitted"
    pdf = client.get(f"{API}/applications/{body['reference']}/result.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = api_headers(db_session, "services:apply", client_id="someone-else")
    assert client.get(f"{API}/applications/{body['reference']}", headers=other).status_code == 404


def test_the_scope_is_needed(client: TestClient, db_session: Session, applicant: str) -> None:
    headers = api_headers(db_session, "coverage:apply", client_id="no-services")
    answer = client.post(f"{API}/BHXH-CCHQ/applications", json=_posting(applicant), headers=headers)
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_bad_form_is_problem_json_naming_the_fields(
    client: TestClient, db_session: Session, applicant: str
) -> None:
    headers = api_headers(db_session, "services:apply", client_id="hanviet-hr")
    body = _posting(applicant)
    body["answers"] = {"country": "JP", "unit_code": UNIT}
    answer = client.post(f"{API}/BHXH-CCHQ/applications", json=body, headers=headers)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"country", "starts_on", "ends_on"} <= fields


def test_an_employer_cannot_file_a_citizens_procedure_nor_an_offline_one(
    client: TestClient, db_session: Session, applicant: str
) -> None:
    headers = api_headers(db_session, "services:apply", client_id="hanviet-hr")
    address = {"si_number": applicant, "answers": {}}
    assert (
        client.post(f"{API}/1.014162/applications", json=address, headers=headers).status_code
        == 403
    )
    offline = client.post(f"{API}/1.014160/applications", json=address, headers=headers)
    assert offline.status_code == 404
    assert offline.headers["content-type"].startswith("application/problem+json")


def test_an_infected_attachment_is_refused_with_the_reason(
    client: TestClient, db_session: Session, applicant: str
) -> None:
    headers = api_headers(db_session, "services:apply", client_id="hanviet-hr")
    eicar = base64.b64decode(
        "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo="
    )
    body = {
        "si_number": applicant,
        "answers": {"period_from": "2026-09-28", "channel": "cash"},
        "attachments": [
            {
                "kind": "sick-leave",
                "filename": "giay-nghi-om.pdf",
                "media_type": "application/pdf",
                "content_base64": base64.b64encode(PDF + eicar).decode(),
            }
        ],
    }
    with clock.frozen_at(DAY):
        answer = client.post(f"{API}/1.014163/applications", json=body, headers=headers)
    assert answer.status_code == 422 and "virus" in answer.json()["detail"]
    assert answer.headers["content-type"].startswith("application/problem+json")
