"""The centre's work: assess a claim from the platform's record, and the decisions that follow."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx

from sandbox.employment import law, store
from sandbox.employment.schemas import DecisionIn, Ground

RECORDS = "/api/v1/unemployment/records"
BATCH = 500  # records asked for at once (the platform's most)
PURPOSE = "unemployment benefit claim"
PAID_TO_THE_MONTH_OF = ("death",)  # other grounds stop the benefit the month before


class NoSuchClaim(Exception):
    """The centre holds no claim with that id."""


class NotPossible(Exception):
    """The decision does not fit the claim's state (its reason)."""


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """Months from `first`'s month to `last`'s, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _claim(connection: store.Connection, claim_id: uuid.UUID) -> dict[str, Any]:
    found = store.claim(connection, claim_id)
    if found is None:
        raise NoSuchClaim(str(claim_id))
    return found


def fetch_record(platform: httpx.Client, claim: dict[str, Any]) -> dict[str, Any] | None:
    """The claimant's UI contribution record from the platform, None if it knows no such person."""
    body = {"personal_id": claim["personal_id"], "claim_id": str(claim["claim_id"])}
    answer = platform.post(RECORDS, json=body, headers={"X-Purpose": PURPOSE})
    if answer.status_code == 404:
        return None
    answer.raise_for_status()
    record: dict[str, Any] = answer.json()["record"]
    return record


def fetch_records(platform: httpx.Client, claims: list[dict[str, Any]]) -> list[Any]:
    """Many claimants' records at once (None for a person the platform does not know)."""
    body = {"personal_ids": [c["personal_id"] for c in claims]}
    answer = platform.post(f"{RECORDS}/batch", json=body, headers={"X-Purpose": PURPOSE})
    answer.raise_for_status()
    return [None if r is None else r["record"] for r in answer.json()["records"]]


def assess(
    connection: store.Connection,
    platform: httpx.Client,
    claim_id: uuid.UUID,
    *,
    amount: int | None = None,
) -> dict[str, Any]:
    """Propose and issue the decision on a received claim: grant, incomplete file or refusal."""
    claim = _claim(connection, claim_id)
    if claim["status"] != "received":
        raise NotPossible(f"the claim is {claim['status']}, not waiting for a decision")
    return _decide_claim(connection, claim, fetch_record(platform, claim), amount)


def _decide_claim(
    connection: store.Connection,
    claim: dict[str, Any],
    record: dict[str, Any] | None,
    amount: int | None,
) -> dict[str, Any]:
    claim_id = claim["claim_id"]
    kind, body = _proposal(claim, record, amount)
    proposal = {k: body[k] for k in ("amount", "months", "first_month") if k in body}
    store.update_claim(
        connection, claim_id, status=_STATUS_AFTER[kind], record=record or {}, **proposal
    )
    return store.add_decision(connection, claim_id, kind, body)


_STATUS_AFTER = {"grant": "granted", "incomplete": "incomplete", "refusal": "refused"}


def _proposal(
    claim: dict[str, Any], record: dict[str, Any] | None, amount: int | None
) -> tuple[str, dict[str, Any]]:
    if record is None:
        return "refusal", {"reason": "Không có quá trình đóng bảo hiểm thất nghiệp."}
    if record.get("termination") is None:
        return "incomplete", {"reason": "Thiếu giấy tờ chứng minh chấm dứt hợp đồng lao động."}
    terminated: date = claim["terminated_on"]
    contribution_months = int(record["ui_months"]) + int(record["reserved_months"])
    months = law.benefit_months(contribution_months, terminated)
    if months == 0:
        return "refusal", {"reason": "Chưa đủ 12 tháng đóng bảo hiểm thất nghiệp."}
    salaries = [int(m["salary"]) for m in record["last_six"]]
    first = add_months(claim["filed_on"], 1)
    return "grant", {
        "amount": law.monthly_amount(salaries, terminated) if amount is None else amount,
        "months": months,
        "first_month": first.isoformat(),
        "last_month": add_months(first, months - 1).isoformat(),
        "contribution_months": contribution_months,
    }


def decide(
    connection: store.Connection, claim_id: uuid.UUID, decision: DecisionIn
) -> dict[str, Any]:
    """Issue an officer's decision on a granted claim (suspend, resume, end, move, reserve)."""
    claim = _claim(connection, claim_id)
    allowed = {
        "suspension": ("granted",),
        "resumption": ("suspended",),
        "termination": ("granted", "suspended"),
        "transfer": ("granted",),
        "reservation": ("granted", "suspended"),
    }[decision.kind]
    if claim["status"] not in allowed:
        raise NotPossible(f"a {decision.kind} needs a claim {' or '.join(allowed)}")
    month = add_months(decision.month, 0)
    body: dict[str, Any] = {"month": month.isoformat()}
    changes: dict[str, Any] = {}
    if decision.kind == "suspension":
        changes["status"] = "suspended"
    elif decision.kind == "resumption":
        changes["status"] = "granted"
    elif decision.kind == "termination":
        changes["status"] = "terminated"
        body["ground"] = decision.ground or "own_request"
    elif decision.kind == "transfer":
        if decision.to_province is None or decision.to_province == claim["province_code"]:
            raise NotPossible("a transfer needs another province")
        changes["province_code"] = body["to_province"] = decision.to_province
    else:
        changes["status"] = "reserved"
        end = add_months(claim["first_month"], claim["months"] - 1)
        body["months_reserved"] = max(months_between(month, end) - 1, 0)
    store.update_claim(connection, claim_id, **changes)
    return store.add_decision(connection, claim_id, decision.kind, body)


def record_notice(
    connection: store.Connection, claim_id: uuid.UUID, month: date
) -> dict[str, Any] | None:
    """Keep a job-search notice; a suspended claim is resumed from that month (its decision)."""
    claim = _claim(connection, claim_id)
    store.add_notice(connection, claim_id, add_months(month, 0))
    if claim["status"] != "suspended":
        return None
    return decide(connection, claim_id, DecisionIn(kind="resumption", month=month))


def suspend_missing(connection: store.Connection, month: date) -> list[dict[str, Any]]:
    """Suspend every granted claim whose notice for `month` did not come (Mẫu 15)."""
    first = add_months(month, 0)
    return [
        decide(connection, claim_id, DecisionIn(kind="suspension", month=first))
        for claim_id in store.missing_notices(connection, first)
    ]


def take_ground(
    connection: store.Connection, claim_id: uuid.UUID, ground: Ground, occurred_on: date
) -> dict[str, Any] | None:
    """Keep a termination ground from the platform; end a running benefit on it (Mẫu 17)."""
    claim = _claim(connection, claim_id)
    if not store.add_ground(connection, claim_id, ground, occurred_on):
        return None
    if claim["status"] not in ("granted", "suspended"):
        return None
    last = add_months(occurred_on, 0 if ground in PAID_TO_THE_MONTH_OF else -1)
    termination = DecisionIn(kind="termination", month=last, ground=ground)
    return decide(connection, claim_id, termination)


def assess_received(held: store.Centre, platform: httpx.Client, *, limit: int = BATCH) -> int:
    """Assess received claims, their records asked for in batches (the demo's officers)."""
    done = 0
    with held.connect() as connection:
        waiting = store.claims_in(connection, "received", limit)
        for first in range(0, len(waiting), BATCH):
            claims = waiting[first : first + BATCH]
            records = fetch_records(platform, claims)  # no transaction open while asking
            with connection.transaction():
                for claim, record in zip(claims, records, strict=True):
                    _decide_claim(connection, claim, record, None)
            done += len(claims)
    return done
