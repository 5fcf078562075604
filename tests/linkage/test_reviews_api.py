"""The review queue API: list, side by side, accept, reject; every read and decision audited."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit.models import AuditEvent
from ansinh.registry.models import Person

BASE = "/api/v1/linkage"


def _events(db_session: Session, si_number: str) -> list[tuple[str, str]]:
    rows = db_session.scalars(select(AuditEvent).where(AuditEvent.subject == si_number))
    return [(e.action, e.resource) for e in rows]


def test_list_and_show_side_by_side(
    client: TestClient,
    officer_headers: dict[str, str],
    queued: list[tuple[str, int]],
    db_session: Session,
) -> None:
    listed = client.get(f"{BASE}/reviews", params={"state": "open"}, headers=officer_headers).json()
    assert listed["total"] == 3
    si_number, review_id = queued[0]
    shown = client.get(f"{BASE}/reviews/{review_id}", headers=officer_headers).json()
    assert [f["field"] for f in shown["fields"]] == [
        "personal_id",
        "full_name",
        "date_of_birth",
        "sex",
        "province",
        "address",
    ]
    name = next(f for f in shown["fields"] if f["field"] == "full_name")
    assert name["agreement"] in {"match", "partial"} and name["population"]
    assert ("read", "linkage.review") in _events(db_session, si_number)


def test_accept_verifies_and_aligns_the_personal_id(
    client: TestClient,
    officer_headers: dict[str, str],
    queued: list[tuple[str, int]],
    db_session: Session,
) -> None:
    si_number, review_id = queued[0]
    accepted = client.post(f"{BASE}/reviews/{review_id}/accept", headers=officer_headers)
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["state"] == "accepted"
    person = db_session.get_one(Person, si_number)
    assert person.auth_status == "verified"
    assert person.personal_id == next(
        f["population"] for f in accepted.json()["fields"] if f["field"] == "personal_id"
    )
    assert ("update", "linkage.review") in _events(db_session, si_number)
    again = client.post(f"{BASE}/reviews/{review_id}/reject", headers=officer_headers)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


def test_reject_marks_not_found(
    client: TestClient,
    officer_headers: dict[str, str],
    queued: list[tuple[str, int]],
    db_session: Session,
) -> None:
    si_number, review_id = queued[1]
    rejected = client.post(f"{BASE}/reviews/{review_id}/reject", headers=officer_headers)
    assert rejected.json()["state"] == "rejected"
    assert db_session.get_one(Person, si_number).auth_status == "not_found"


def test_reading_needs_a_purpose_and_a_scope(
    client: TestClient, queued: list[tuple[str, int]], db_session: Session
) -> None:
    from tests.conftest import api_headers

    reader = api_headers(db_session, "registry:read", client_id="reader")
    without_purpose = {k: v for k, v in reader.items() if k != "X-Purpose"}
    assert client.get(f"{BASE}/reviews", headers=without_purpose).status_code == 422
    decision = client.post(f"{BASE}/reviews/{queued[0][1]}/accept", headers=reader)
    assert decision.status_code == 403
    assert client.get(f"{BASE}/reviews/999999", headers=reader).status_code == 404
    assert client.get(f"{BASE}/reviews/{2**64}", headers=reader).status_code == 422


def test_scorecard_counts_participants(
    client: TestClient, officer_headers: dict[str, str], queued: list[tuple[str, int]]
) -> None:
    client.post(f"{BASE}/reviews/{queued[0][1]}/accept", headers=officer_headers)
    card = client.get(f"{BASE}/scorecard", headers=officer_headers).json()
    assert card["participants"] >= 3
    assert card["authenticated"] >= 1
    assert card["authenticated_percent"] == round(
        100 * card["authenticated"] / card["participants"], 2
    )
    assert client.get(f"{BASE}/runs", headers=officer_headers).json()["total"] == 0
