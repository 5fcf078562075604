"""Health insurance benefit levels: the level behind an object code and the share the fund pays."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, field_validator

from ansinh.rules.engine import Case, Outcome, benefit
from ansinh.rules.store import parameter
from ansinh.rules.trace import Calculation

LEVEL_TABLE = "health/benefit_level_by_code"
DISPUTED_LEVEL_TABLE = "health/benefit_level_by_code_low_confidence"


def normalise_code(value: str) -> str:
    """Object codes are upper-case two-letter codes."""
    return value.strip().upper()


def object_level(calc: Calculation, code: str) -> int | None:
    """The benefit level of an object code (None, with a refusal, if the code is unknown)."""
    levels = calc.table(LEVEL_TABLE)
    if code in levels:
        return int(levels[code])
    disputed = calc.table(DISPUTED_LEVEL_TABLE)
    if code in disputed:
        return int(disputed[code])
    calc.require(
        "known_object_code",
        False,
        f"{code} is not a known health insurance object code (Decision 1351/QĐ-BHXH lists).",
    )
    return None


def level_share(calc: Calculation, level: int) -> Decimal | None:
    """The share of in-scope costs the fund pays at `level` (None, with a refusal, if unknown)."""
    shares = calc.table("health/fund_share_by_level")
    if not calc.require(
        "known_benefit_level",
        str(level) in shares,
        f"{level} is not a health insurance benefit level (levels are {', '.join(shares)}).",
    ):
        return None
    return calc.amount(
        "level_share", Decimal(str(shares[str(level)])), f"fund share at benefit level {level}"
    )


def percent(share: Decimal) -> int | float:
    """A share as a percentage for outputs (whole numbers stay int)."""
    value = share * 100
    return int(value) if value == value.to_integral_value() else float(value)


class BenefitLevelCase(Case):
    """An HI object code and the date it is asked for."""

    code: str = Field(pattern=r"^\s*[A-Za-z]{2}\s*$", description="Two-letter object code, e.g. DN")
    as_of: date = Field(description="Date whose rules apply")

    @field_validator("code")
    @classmethod
    def _upper(cls, value: str) -> str:
        return normalise_code(value)

    def law_date(self) -> date:
        """The level in force on the asked date."""
        return self.as_of


def _code_confidence(case: BenefitLevelCase) -> str:
    """The confidence of the table the code's level came from."""
    levels = parameter(LEVEL_TABLE).value_at(case.as_of)
    table = (
        LEVEL_TABLE if isinstance(levels, dict) and case.code in levels else DISPUTED_LEVEL_TABLE
    )
    return parameter(table).in_force(case.as_of).confidence


@benefit("hi_benefit_level", "Health insurance benefit level of an object code", BenefitLevelCase)
def hi_benefit_level(case: BenefitLevelCase, calc: Calculation) -> Outcome:
    """Benefit level 1-5, the fund's share and what the level covers."""
    level = object_level(calc, case.code)
    share = level_share(calc, level) if level is not None else None
    if level is None or share is None:
        return Outcome(amount=None, unit="%", outputs={})
    coverage = str(calc.table("health/benefit_level_notes")[str(level)])
    return Outcome(
        amount=int(share * 100),
        unit="%",
        outputs={
            "level": level,
            "fund_share_percent": percent(share),
            "coverage": coverage,
            "code_confidence": _code_confidence(case),
        },
    )
