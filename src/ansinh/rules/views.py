"""Rules API: calculate any benefit with a trace; list benefits and parameters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from pydantic import ValidationError

from ansinh.core import clock
from ansinh.core.errors import NotFound, Unprocessable, reasons_of
from ansinh.rules import service
from ansinh.rules.engine import Result
from ansinh.rules.schemas import BenefitRead, ParameterRead
from ansinh.rules.service import get_benefit

router = APIRouter(prefix="/api/v1/rules", tags=["rules"])


@router.get("/benefits", response_model=list[BenefitRead])
def list_benefits() -> list[BenefitRead]:
    """The calculations on offer and the input each expects."""
    return service.list_benefit_reads()


@router.post("/{benefit}/calculate", response_model=Result)
def calculate(
    benefit: Annotated[str, Path(pattern=r"^[a-z_]{3,40}$")],
    case: Annotated[dict[str, Any], Body(description="The case; see GET /benefits for its schema")],
) -> Result:
    """Calculate a benefit for a case under the law in force when the entitlement arose."""
    try:
        calculation = get_benefit(benefit)
    except LookupError:
        raise NotFound(f"no benefit named {benefit!r}; see GET /api/v1/rules/benefits") from None
    try:
        return calculation.calculate_raw(case)
    except ValidationError as exc:
        raise Unprocessable(reasons_of(exc.errors())) from None


@router.get("/parameters", response_model=list[ParameterRead])
def list_parameters(
    on: Annotated[date | None, Query(description="Date of the law (default: today)")] = None,
) -> list[ParameterRead]:
    """Every legal parameter with its value, date and source in force on `on`."""
    return service.list_parameters(on=on or clock.today())
