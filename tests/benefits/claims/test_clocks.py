"""Statutory clocks: the working-day calendar around holidays, and the change of 2025-07-01."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session

from ansinh.benefits.claims import clocks, service
from ansinh.benefits.claims.enums import ClaimantKind
from ansinh.benefits.claims.facts import WINDOW_MONTHS
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.rules.calendar import (
    add_days_excluding_holidays,
    add_working_days,
    working_days_between,
)
from ansinh.rules.store import all_parameters, parameter

from .conftest import EMPLOYER, UNIT, Insure

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "calendar_cases.yaml").read_text(encoding="utf-8")
)
COUNT = {"working_days": add_working_days, "days_excluding_holidays": add_days_excluding_holidays}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_the_calendar_counts_around_public_holidays(case: dict[str, Any]) -> None:
    start: date = case["start"]
    assert COUNT[case["counting"]](start, case["days"]) == case["expected"]


@pytest.mark.parametrize(
    ("received", "code", "due"),
    [
        (date(2025, 6, 30), "630b", date(2025, 7, 8)),  # Decision 166: 6 working days
        (date(2025, 7, 1), "1.014165", date(2025, 7, 10)),  # Law 41: 7 working days
    ],
)
def test_the_day_before_and_the_day_of_law_41(
    db_session: Session, insure: Insure, received: date, code: str, due: date
) -> None:
    si = insure(first=date(2020, 1, 1), last=date(2025, 5, 1))
    claim = service.file_claim(
        db_session,
        line=ClaimLine(
            si_number=si,
            branch="contraception",
            period_from=date(2025, 6, 2),
            facts={"method": "iud"},
            channel="employer",
        ),
        claimant_kind=ClaimantKind.EMPLOYER,
        received_on=received,
        unit_code=UNIT,
        decide_now=False,
        actor=EMPLOYER,
        purpose="employer claim list",
    )
    assert (claim.procedure_code, claim.due_on) == (code, due)


def test_working_days_between_skip_the_holidays_and_count_the_swapped_saturday() -> None:
    # 25/4 (Fri), 26/4 (swapped Sat), 28/4, 29/4, then 30/4-2/5 off, 5/5 (Mon)
    assert working_days_between(date(2025, 4, 24), date(2025, 5, 5)) == 5
    assert working_days_between(date(2025, 5, 5), date(2025, 5, 5)) == 0


def test_a_worker_filing_directly_is_decided_in_5_working_days() -> None:
    due = clocks.due_on("maternity_birth", date(2026, 11, 10), citizen_filed=True, short_term=True)
    assert due == date(2026, 11, 17)


def test_a_pension_is_decided_in_20_days_excluding_public_holidays() -> None:
    due = clocks.due_on("pension", date(2026, 4, 24), citizen_filed=False, short_term=False)
    assert due == date(2026, 5, 17)


def test_the_history_window_covers_every_look_back_in_force() -> None:
    names = [n for n in all_parameters() if n.startswith("maternity/eligibility/")]
    longest = max(
        int(v["window_months"]) + int(v.get("prior_months", 0))
        for name in names
        for period in parameter(name).enacted()
        if isinstance(v := period.value, dict)
    )
    assert longest <= WINDOW_MONTHS
