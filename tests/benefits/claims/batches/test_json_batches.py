"""Claim lists as JSON: filed and decided, bad lines by number, idempotent, late, held."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ansinh.benefits.claims.batches.models import ClaimBatch
from ansinh.benefits.claims.models import Claim
from tests.benefits.claims.conftest import Certify
from tests.conftest import api_headers

from .conftest import API, Hire, send, sick_line


def _certified(certify: Certify, si: str) -> str:
    return certify("sick_leave", si, from_date=date(2026, 11, 2), to_date=date(2026, 11, 4))


def _lines(client: TestClient, headers: dict[str, str], batch_id: str) -> list[dict[str, Any]]:
    answer = client.get(f"{API}/{batch_id}/lines", headers=headers)
    assert answer.status_code == 200, answer.json()
    return list(answer.json()["items"])


def test_a_json_list_is_filed_and_decided(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si = hire()
    answer = send(client, headers, sick_line(si, _certified(certify, si)))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["lines_total"], body["lines_accepted"], body["outcomes"]) == (1, 1, {"granted": 1})
    (line,) = _lines(client, headers, body["batch_id"])
    assert (line["status"], line["amount"]) == ("granted", 1_125_000)  # 12 M × 75 % / 24 × 3
    assert line["claim_reference"].startswith("CD-")


def test_bad_lines_are_reported_by_number_and_nothing_is_filed(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify, db_session: Session
) -> None:
    si = hire()
    good = sick_line(si, _certified(certify, si))
    answer = send(
        client,
        headers,
        good,
        sick_line("7999999999", None),  # not registered
        sick_line(si, None, days=4),  # three working days in the span
        sick_line(si, None, subtype="birth"),  # not a sickness sub-type
        good | {"certificate_serial": None},  # the same days again
        sick_line(si, None, personal_id="079190000001"),  # not this person's ID
    )
    assert answer.status_code == 422, answer.json()
    problem = answer.json()
    assert problem["errors_total"] == 5
    by_line = {e["line"]: e for e in problem["errors"]}
    assert sorted(by_line) == [2, 3, 4, 5, 6]
    assert by_line[2]["reason"] == "no person with this SI number is registered"
    assert by_line[3]["field"] == "days"
    assert "sub-type" in by_line[4]["reason"]
    assert by_line[5]["reason"].startswith("overlaps line 1")
    assert by_line[6]["field"] == "personal_id"
    assert "079190000001" not in answer.text
    assert db_session.scalar(select(func.count()).select_from(Claim)) == 0
    assert db_session.scalar(select(func.count()).select_from(ClaimBatch)) == 0


def test_allow_partial_files_the_good_lines_and_keeps_the_refusals(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si = hire()
    answer = send(
        client,
        headers,
        sick_line("7999999999", None),
        sick_line(si, _certified(certify, si)),
        allow_partial=True,
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["outcomes"] == {"rejected": 1, "granted": 1}
    assert [e["line"] for e in body["errors"]] == [1]
    statuses = [(x["line"], x["status"]) for x in _lines(client, headers, body["batch_id"])]
    assert statuses == [(1, "rejected"), (2, "granted")]


def test_the_same_list_twice_creates_nothing_the_second_time(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify, db_session: Session
) -> None:
    si = hire()
    line = sick_line(si, _certified(certify, si))
    first = send(client, headers, line)
    claims = db_session.scalar(select(func.count()).select_from(Claim))
    again = send(client, headers, line)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    assert again.json()["batch_id"] == first.json()["batch_id"]
    assert db_session.scalar(select(func.count()).select_from(Claim)) == claims


def test_a_late_filing_is_flagged_with_its_explanation_and_held_without_one(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    explained, silent = hire(), hire()
    late = {"received_date": "2026-10-20"}  # 15 working days before 2026-11-10
    answer = send(
        client,
        headers,
        sick_line(
            explained, _certified(certify, explained), **late, late_explanation="Kế toán nghỉ ốm"
        ),
        sick_line(silent, _certified(certify, silent), **late),
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["lines_late"] == 2
    first, second = _lines(client, headers, answer.json()["batch_id"])
    assert (first["late"], first["late_explanation"], first["status"]) == (
        True,
        "Kế toán nghỉ ốm",
        "granted",
    )
    assert (second["late"], second["status"]) == (True, "held")
    assert "explanation" in second["reason"]


def test_a_certificate_for_another_person_holds_the_line(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si, other = hire(), hire()
    answer = send(client, headers, sick_line(si, _certified(certify, other)))
    assert answer.status_code == 201, answer.json()
    (line,) = _lines(client, headers, answer.json()["batch_id"])
    assert line["status"] == "held"
    assert "another person" in line["reason"]


def test_a_person_not_employed_by_the_unit_is_refused(
    client: TestClient, headers: dict[str, str], hire: Hire, db_session: Session
) -> None:
    si = hire()
    db_session.execute(
        text("UPDATE employments SET start_date = '2026-11-03' WHERE si_number = :s"), {"s": si}
    )
    answer = send(client, headers, sick_line(si, None))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "from_date"


def test_reading_the_lines_is_audited(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify, db_session: Session
) -> None:
    si = hire()
    answer = send(client, headers, sick_line(si, _certified(certify, si)))
    _lines(client, headers, answer.json()["batch_id"])
    actions = db_session.scalars(
        text("SELECT resource FROM audit_events WHERE subject = :s AND action = 'read'"), {"s": si}
    ).all()
    assert "benefits.claim_batch" in actions


def test_another_client_cannot_read_the_list_or_its_results(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify, db_session: Session
) -> None:
    si = hire()
    batch_id = send(client, headers, sick_line(si, _certified(certify, si))).json()["batch_id"]
    other = api_headers(db_session, "benefits:claim", client_id="another-payroll")
    for path in ("", "/lines", "/result.csv", "/result.pdf"):
        answer = client.get(f"{API}/{batch_id}{path}", headers=other)
        assert answer.status_code == 404, path
        assert si not in answer.text


def test_part_2_adjusts_a_settled_claim_for_an_officer_to_approve(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    si = hire()
    first = send(client, headers, sick_line(si, _certified(certify, si)))
    (granted,) = _lines(client, headers, first.json()["batch_id"])
    correction = sick_line(
        si,
        None,
        part="adjustment",
        adjusts_claim=granted["claim_reference"],
        adjustment_reason="Ngày nghỉ khai thiếu",
        from_date="2026-11-02",
        to_date="2026-11-05",
        days=4,
    )
    unknown = correction | {"adjusts_claim": "CD-000000000000", "from_date": "2026-11-06"}
    answer = send(
        client,
        headers,
        correction,
        unknown | {"to_date": "2026-11-06", "days": 1},
        allow_partial=True,
    )
    assert answer.status_code == 201, answer.json()
    assert [(e["line"], e["field"]) for e in answer.json()["errors"]] == [(2, "adjusts_claim")]
    adjusted, _ = _lines(client, headers, answer.json()["batch_id"])
    assert (adjusted["status"], adjusted["claim_reference"]) == (
        "pending",
        granted["claim_reference"],
    )


def test_the_leave_of_a_long_term_disease_counts_working_days_from_law_41(
    client: TestClient, headers: dict[str, str], hire: Hire
) -> None:
    si = hire()
    weekend = {"subtype": "long_term", "days": 1, "weekly_rest_days": 2}
    day_before = sick_line(si, None, from_date="2025-06-28", to_date="2025-06-30", **weekend)
    day_of = sick_line(si, None, from_date="2025-07-01", to_date="2025-07-03", **weekend)
    answer = send(client, headers, day_before, day_of, allow_partial=True)
    assert answer.status_code == 201, answer.json()
    (error,) = answer.json()["errors"]
    assert (error["line"], error["field"]) == (1, "days")
    assert "3 calendar days" in error["reason"]
