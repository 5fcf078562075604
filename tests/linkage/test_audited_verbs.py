"""Linkage verbs audit themselves: one event per call, directly or through the HTTP route."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.core.pagination import PageParams
from ansinh.core.security.actor import Actor
from ansinh.linkage import service
from tests.conftest import audit_trail

OFFICER = Actor(kind="officer", id="ho.thi.d")
WHY = "weekly review of proposed links"


def test_review_verbs_write_one_event_each(
    db_session: Session, queued: list[tuple[str, int]]
) -> None:
    (first, first_id), (second, second_id), (third, _) = queued
    before = {si: len(audit_trail(db_session, si)) for si, _ in queued}
    rows, total = service.page_reviews(
        db_session=db_session, params=PageParams(), actor=OFFICER, purpose=WHY, state="open"
    )
    assert total == 3 and {r.si_number for r in rows} == {first, second, third}
    service.read_review(db_session=db_session, review_id=first_id, actor=OFFICER, purpose=WHY)
    service.accept_review(db_session=db_session, review_id=first_id, actor=OFFICER, purpose=WHY)
    service.reject_review(db_session=db_session, review_id=second_id, actor=OFFICER, purpose=WHY)
    new = {si: audit_trail(db_session, si)[before[si] :] for si, _ in queued}
    read, update = (
        ("officer", "ho.thi.d", action, "linkage.review", WHY) for action in ("read", "update")
    )
    assert new == {first: [read, read, update], second: [read, update], third: [read]}


def test_a_route_writes_one_event_not_two(
    client: TestClient,
    officer_headers: dict[str, str],
    queued: list[tuple[str, int]],
    db_session: Session,
) -> None:
    si, review_id = queued[0]
    base = "/api/v1/linkage/reviews"
    assert client.get(f"{base}/{review_id}", headers=officer_headers).status_code == 200
    accepted = client.post(f"{base}/{review_id}/accept", headers=officer_headers)
    assert accepted.status_code == 200, accepted.text
    assert [e[2:] for e in audit_trail(db_session, si)] == [
        ("read", "linkage.review", "automated test"),
        ("update", "linkage.review", "automated test"),
    ]
