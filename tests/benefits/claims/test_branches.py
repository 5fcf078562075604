"""Every branch end to end: claim → evidence → decision (→ checker) → entitlement and event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service
from ansinh.benefits.claims.enums import Branch, ClaimantKind, ClaimStatus
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.core.events.models import OutboxEvent

from .conftest import CHECKER, EMPLOYER, MAKER, UNIT, Certify, Insure

CASH = {"channel": "cash"}


@dataclass(frozen=True)
class Case:
    """One branch's claim, its evidence and what the decision must be."""

    branch: Branch
    start: date
    facts: dict[str, Any]
    status: ClaimStatus
    kind: str = "one_off"
    certificate: dict[str, Any] | None = None
    end: date | None = None
    person: dict[str, Any] = field(default_factory=dict)
    claimant: ClaimantKind = ClaimantKind.EMPLOYER


NOV = date(2026, 11, 3)
DEATH = date(2026, 10, 15)
DEATH_CERT = {"kind": "death", "event_date": DEATH}
AUTO, CHECK = ClaimStatus.GRANTED, ClaimStatus.PENDING_APPROVAL
CASES = [
    Case(
        Branch.SICKNESS,
        date(2026, 11, 2),
        {"leave_days": 3},
        AUTO,
        certificate={"kind": "sick_leave", "from_date": date(2026, 11, 2)},
        end=date(2026, 11, 4),
    ),
    Case(
        Branch.CHILD_SICKNESS,
        date(2026, 11, 2),
        {"leave_days": 2, "child_birth_date": "2023-04-01"},
        AUTO,
        certificate={"kind": "sick_leave", "from_date": date(2026, 11, 2), "child": True},
        end=date(2026, 11, 3),
    ),
    Case(
        Branch.SICKNESS_CONVALESCENCE,
        date(2026, 11, 9),
        {"sickness_leave_end": "2026-11-06", "sick_days_this_year": 30, "reason": "surgery"},
        AUTO,
        end=date(2026, 11, 13),
    ),
    Case(Branch.PRENATAL_VISIT, NOV, {"days": 1}, AUTO),
    Case(
        Branch.MISCARRIAGE,
        NOV,
        {"gestation_weeks": 10},
        AUTO,
        certificate={"kind": "discharge", "from_date": NOV},
    ),
    Case(
        Branch.CHILDBIRTH,
        NOV,
        {"children": 1},
        CHECK,  # above the automatic threshold: a checker approves
        certificate={"kind": "birth", "event_date": NOV},
    ),
    Case(Branch.ADOPTION, NOV, {"child_birth_date": "2026-09-01"}, CHECK),
    Case(
        Branch.PATERNITY,
        NOV,
        {"leave_start": "2026-11-04"},
        AUTO,
        certificate={"kind": "birth", "event_date": NOV, "caesarean": True, "child": True},
        person={"sex": "M", "last": date(2026, 11, 1)},
    ),
    Case(Branch.CONTRACEPTION, NOV, {"method": "iud"}, AUTO),
    Case(
        Branch.MATERNITY_VOLUNTARY,
        NOV,
        {},
        AUTO,
        certificate={"kind": "birth", "event_date": NOV},
        person={"scheme": "voluntary", "first": date(2025, 1, 1)},
        claimant=ClaimantKind.CITIZEN,
    ),
    Case(
        Branch.MATERNITY_CONVALESCENCE,
        date(2026, 11, 9),
        {"maternity_leave_end": "2026-11-02", "reason": "caesarean"},
        AUTO,
    ),
    Case(
        Branch.PENSION,
        date(2026, 12, 1),
        {},
        CHECK,
        kind="monthly",
        person={"sex": "M", "born": date(1961, 1, 1), "first": date(1995, 1, 1)},
        claimant=ClaimantKind.OFFICER,
    ),
    Case(
        Branch.ONE_TIME_WITHDRAWAL,
        NOV,
        {"ground": "out_of_insurance"},
        CHECK,
        person={"first": date(2018, 1, 1), "last": date(2025, 6, 1)},
        claimant=ClaimantKind.CITIZEN,
    ),
    Case(
        Branch.SURVIVOR_MONTHLY,
        DEATH,
        {"dependants": [{"name": "con", "relation": "child", "birth_date": "2015-01-01"}]},
        CHECK,
        kind="monthly",
        certificate=DEATH_CERT,
        person={"first": date(2005, 1, 1)},
        claimant=ClaimantKind.OFFICER,
    ),
    Case(
        Branch.SURVIVOR_LUMP_SUM,
        DEATH,
        {"average_monthly_salary": 12_000_000},
        CHECK,
        certificate=DEATH_CERT,
        claimant=ClaimantKind.OFFICER,
    ),
    Case(
        Branch.FUNERAL_GRANT,
        DEATH,
        {},
        CHECK,
        certificate=DEATH_CERT,
        claimant=ClaimantKind.OFFICER,
    ),
    Case(
        Branch.WORK_INJURY,
        date(2026, 9, 1),
        {
            "cause": "work_accident",
            "capacity_loss_percent": 40,
            "contribution_salary": 12_000_000,
            "fund_months": 60,
        },
        CHECK,
        kind="monthly",
        claimant=ClaimantKind.OFFICER,
    ),
]


def test_every_branch_has_a_case() -> None:
    assert {c.branch for c in CASES} == set(Branch)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.branch.value)
def test_a_claim_of_each_branch_ends_in_an_entitlement(
    db_session: Session, insure: Insure, certify: Certify, case: Case
) -> None:
    si = insure(**case.person)
    serials = []
    if case.certificate is not None:
        fields = dict(case.certificate)
        holder = None if fields.pop("child", False) else si
        fields.setdefault("to_date", case.end or case.start)
        serials.append(certify(fields.pop("kind"), holder, **fields))
    line = ClaimLine(
        si_number=si,
        branch=case.branch,
        period_from=case.start,
        period_to=case.end,
        facts=case.facts,
        certificate_serials=serials,
        channel="cash",
    )
    actor = MAKER if case.claimant == ClaimantKind.OFFICER else EMPLOYER
    claim = service.file_claim(
        db_session,
        line=line,
        claimant_kind=case.claimant,
        received_on=date(2026, 11, 10),
        unit_code=UNIT if case.claimant == ClaimantKind.EMPLOYER else None,
        actor=actor,
        purpose="claim",
    )
    assert claim.status == case.status, claim.hold_reason
    if case.status == CHECK:
        service.approve(db_session, reference=claim.reference, actor=CHECKER, purpose="check")
    (entitlement,) = [
        e
        for e in service.list_entitlements(db_session, actor=CHECKER, purpose="export")
        if e.claim_id == claim.claim_id
    ]
    assert entitlement.kind == case.kind
    assert entitlement.amount > 0
    assert entitlement.purpose == ("PENS" if case.branch == Branch.PENSION else "SSBE")
    announced = db_session.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.name == "EntitlementGranted")
    ).all()
    assert str(entitlement.entitlement_id) in [e["entitlement_id"] for e in announced]


def test_a_survivors_lump_sum_averages_the_deceased_s_book(
    db_session: Session, insure: Insure, certify: Certify
) -> None:
    si = insure()  # 2020-01 to 2026-10 at 12,000,000
    serial = certify("death", si, event_date=DEATH, to_date=DEATH)
    claim = service.file_claim(
        db_session,
        line=ClaimLine(
            si_number=si,
            branch=Branch.SURVIVOR_LUMP_SUM,
            period_from=DEATH,
            facts={},
            certificate_serials=[serial],
            channel="cash",
        ),
        claimant_kind=ClaimantKind.OFFICER,
        received_on=date(2026, 11, 10),
        actor=MAKER,
        purpose="claim",
    )
    assert claim.status == CHECK, claim.hold_reason
    dossier = service.claim_dossier(db_session, reference=claim.reference, actor=MAKER, purpose="t")
    (decision,) = dossier.decisions
    steps = {s["name"]: s["value"] for s in (decision.trace or {})["trace"]}
    assert steps["average_salary"] == 12_906_667  # 81 months before October, 2026 coefficients
    assert decision.amount == 14 * 12_906_667
