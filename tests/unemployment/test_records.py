"""The UI contribution record the centre reads: months, salaries, used months, termination."""

from __future__ import annotations

from sqlalchemy import func, select

from ansinh.core import signing
from ansinh.core.audit.models import AuditEvent
from ansinh.eid import usage
from tests.unemployment.conftest import TERMINATED, Cycle


def _record(cycle: Cycle, personal_id: str) -> dict[str, object]:
    answer = cycle.client.post("/api/v1/unemployment/records", json={"personal_id": personal_id})
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_the_record_is_signed_audited_and_counted(cycle: Cycle) -> None:
    si = cycle.claimant()
    personal_id = f"0791{int(si[2:]):08d}"
    body = _record(cycle, personal_id)
    record = body["record"]
    assert isinstance(record, dict)
    assert (record["ui_months"], record["used_months"], record["reserved_months"]) == (82, 0, 0)
    assert [m["salary"] for m in record["last_six"]] == [12_000_000] * 6
    assert record["termination"]["ended_on"] == TERMINATED.isoformat()
    assert signing.verify(str(body["jws"]), signing.public_jwks()) == record
    reads = cycle.db_session.scalar(
        select(func.count()).where(
            AuditEvent.subject == si, AuditEvent.resource == "unemployment.record"
        )
    )
    assert reads == 1
    assert usage.total(db_session=cycle.db_session, metric="ui_records") >= 1


def test_a_record_shows_the_months_an_earlier_benefit_used(cycle: Cycle) -> None:
    si = cycle.claimant()
    claim = cycle.file(si)
    cycle.assess(claim)
    cycle.deliver()
    record = _record(cycle, f"0791{int(si[2:]):08d}")["record"]
    assert isinstance(record, dict)
    # six months of benefit used 36 + 3 × 12 = 72 of the 82 months
    assert (record["ui_months"], record["used_months"]) == (10, 72)


def test_an_unknown_or_malformed_id_is_a_problem_not_a_crash(cycle: Cycle) -> None:
    for personal_id, status in (("079199999999", 404), ("0" * 12, 422), ("12", 422)):
        answer = cycle.client.post(
            "/api/v1/unemployment/records", json={"personal_id": personal_id}
        )
        assert answer.status_code == status, personal_id
        assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_batch_answers_in_order_with_null_for_the_unknown(cycle: Cycle) -> None:
    first, second = cycle.claimant(), cycle.claimant()
    ids = [f"0791{int(first[2:]):08d}", "079199999999", f"0791{int(second[2:]):08d}"]
    answer = cycle.client.post("/api/v1/unemployment/records/batch", json={"personal_ids": ids})
    assert answer.status_code == 200, answer.text
    records = answer.json()["records"]
    assert [r and r["record"]["si_number"] for r in records] == [first, None, second]
    too_many = {"personal_ids": ids * 200}
    assert cycle.client.post("/api/v1/unemployment/records/batch", json=too_many).status_code == 422
