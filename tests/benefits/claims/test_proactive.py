"""Claims the agency pre-fills: maternity at a registered birth, pensions at retirement."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service
from ansinh.benefits.claims.enums import Branch, ClaimStatus
from ansinh.benefits.claims.events import prefill_maternity
from ansinh.benefits.claims.exceptions import ClaimNotFound
from ansinh.benefits.claims.proactive import pensions_due
from ansinh.registry.schemas import BirthRegistered
from ansinh.rules.history import add_months
from ansinh.rules.service import get_benefit

from .conftest import CHECKER, MAKER, Insure

BORN = date(2026, 11, 20)


def test_an_insured_mother_gets_a_prefilled_maternity_claim_once(
    db_session: Session, insure: Insure
) -> None:
    mother, father = insure(), insure(sex="M", last=date(2024, 1, 1))  # he left SI long ago
    event = BirthRegistered(
        child_si_number="7900000999",
        date_of_birth=BORN,
        mother_si_number=mother,
        father_si_number=father,
    )
    prefill_maternity(db_session=db_session, event=event)
    prefill_maternity(db_session=db_session, event=event)
    (claim,) = service.claims_of_person(db_session, si_number=mother, actor=MAKER, purpose="t")
    assert (claim.branch, claim.status) == (Branch.CHILDBIRTH, ClaimStatus.AWAITING_CONFIRMATION)
    assert service.claims_of_person(db_session, si_number=father, actor=MAKER, purpose="t") == []
    confirmed = service.confirm(
        db_session, reference=claim.reference, si_number=mother, actor=MAKER, purpose="confirm"
    )
    assert confirmed.status == ClaimStatus.RECEIVED and confirmed.due_on is not None
    decision = service.decide(db_session, reference=claim.reference, actor=MAKER, purpose="d")
    assert decision is not None and decision.amount
    service.approve(db_session, reference=claim.reference, actor=CHECKER, purpose="check")


def test_a_person_retiring_next_month_gets_a_prefilled_pension_claim(
    db_session: Session, insure: Insure
) -> None:
    on = date(2026, 12, 1)
    born = date(1960, 1, 1)
    age = get_benefit("retirement_age")
    while True:  # the birth month whose pension starts next month, as the engine says
        start = age.calculate_raw({"date_of_birth": born, "sex": "male"}).outputs[
            "retirement_pension_start"
        ]
        if date.fromisoformat(start) == add_months(on, 1):
            break
        born = add_months(born, 1)
    si = insure(sex="M", born=born, first=date(1995, 1, 1))
    assert pensions_due(db_session, on=on) >= 1
    (claim,) = service.claims_of_person(db_session, si_number=si, actor=MAKER, purpose="t")
    assert claim.branch == Branch.PENSION and claim.period_from == add_months(on, 1)
    assert pensions_due(db_session, on=on) == 0


def test_a_citizen_sees_only_their_own_claim_timeline(db_session: Session, insure: Insure) -> None:
    mother, other = insure(), insure()
    event = BirthRegistered(
        child_si_number="7900000998", date_of_birth=BORN, mother_si_number=mother
    )
    prefill_maternity(db_session=db_session, event=event)
    (claim,) = service.claims_of_person(db_session, si_number=mother, actor=MAKER, purpose="t")
    steps = service.claim_timeline(
        db_session, reference=claim.reference, si_number=mother, actor=MAKER, purpose="t"
    )
    assert [s.status for s in steps] == [ClaimStatus.AWAITING_CONFIRMATION]
    with pytest.raises(ClaimNotFound):
        service.claim_timeline(
            db_session, reference=claim.reference, si_number=other, actor=MAKER, purpose="t"
        )
