"""A citizen's benefit estimates from their SI book, through the rules engine (nothing stored).

Retirement: the normal and earliest dates. Pension: at the normal pension start, the running
employment continued at its last salary; the engine refuses years it has no published tables for
(it never guesses), and that reason is shown. One-time withdrawal: a claim today on the
"out of insurance" ground, with the engine's reasons when it is not open.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ansinh.benefits.schemas import Estimate, Estimates
from ansinh.contributions.book.service import SiBook
from ansinh.rules.history import add_months
from ansinh.rules.service import get_benefit

SEXES = {"M": "male", "F": "female"}


def _run(benefit: str, case: dict[str, Any]) -> Estimate:
    try:
        return Estimate(get_benefit(benefit).calculate_raw(case))
    except (ValueError, LookupError) as exc:
        return Estimate(None, str(exc).splitlines()[0])


def estimate(book: SiBook) -> Estimates:
    """Retirement dates, a pension estimate and the one-time withdrawal for `book`'s owner."""
    person = {"date_of_birth": book.date_of_birth, "sex": SEXES[book.sex]}
    retirement = _run("retirement_age", person)
    if not book.periods:
        return Estimates(
            retirement, Estimate(None, "no contributions"), Estimate(None, "no contributions")
        )
    pension = Estimate(None, "no retirement date")
    if retirement.result is not None and retirement.result.eligible:
        start = date.fromisoformat(retirement.result.outputs["retirement_pension_start"])
        until = start - timedelta(days=1) if book.employed else book.on
        history = [p.model_dump() for p in book.history(until=max(until, book.on))]
        pension = _run("pension", person | {"retirement_date": start, "history": history})
    claim = {"claim_date": book.on, "ground": "out_of_insurance"}
    history = [p.model_dump() for p in book.history(until=add_months(book.on, -1))]
    withdrawal = _run("one_time_withdrawal", person | claim | {"history": history})
    return Estimates(retirement, pension, withdrawal)
