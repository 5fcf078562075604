"""The shape of one declaration line."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ansinh.identity import check_personal_id_matches, parse_personal_id
from ansinh.identity.schemas import PersonalIdStr, SiNumberStr
from ansinh.registry.schemas import ContractType, FullName, Sex, UnitCode, Vnd

LineKind = Literal["increase", "decrease", "salary_change", "correction", "unpaid_leave"]
LINE_FIELDS = (
    "kind",
    "unit_code",
    "si_number",
    "personal_id",
    "full_name",
    "date_of_birth",
    "sex",
    "effective_date",
    "until_date",
    "salary",
    "contract_type",
)
_NEEDS_SALARY = {"increase", "salary_change", "correction"}


class DeclarationLine(BaseModel):
    """A change to an employer's workforce: hire, leave, salary change, correction, unpaid leave.

    `effective_date` is the first day of work (increase), the last day of work (decrease), the
    day a new salary applies (salary_change), the first month corrected (correction, with
    `until_date` the last, default the same month) or the month of unpaid leave. The person is
    named by SI number or personal ID; an increase for someone not yet registered also gives
    full name, date of birth and sex, and the platform allocates the SI number.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)

    kind: LineKind
    unit_code: UnitCode
    si_number: SiNumberStr | None = None
    full_name: FullName | None = None
    date_of_birth: date | None = None
    sex: Sex | None = None
    personal_id: PersonalIdStr | None = Field(default=None, validate_default=True)
    effective_date: date
    until_date: date | None = Field(default=None, validate_default=True)
    salary: Vnd | None = Field(
        default=None, validate_default=True, description="Contract salary, whole VND per month"
    )
    contract_type: ContractType | None = Field(default=None, validate_default=True)

    @field_validator("personal_id")
    @classmethod
    def _names_the_person(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            if info.data.get("si_number", "invalid") is None:
                raise ValueError("give si_number or personal_id")
            return None
        born = info.data.get("date_of_birth")
        reasons = check_personal_id_matches(
            parse_personal_id(value),
            birth_year=born.year if born else None,
            sex=info.data.get("sex"),
        )
        if reasons:
            raise ValueError("; ".join(reasons))
        return value

    @field_validator("until_date")
    @classmethod
    def _only_for_corrections(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and info.data.get("kind") != "correction":
            raise ValueError("only a correction line has an until_date")
        start = info.data.get("effective_date")
        if value is not None and start is not None and value < start:
            raise ValueError("until_date is before effective_date")
        return value

    @field_validator("salary")
    @classmethod
    def _salary_when_needed(cls, value: int | None, info: ValidationInfo) -> int | None:
        kind = info.data.get("kind")
        if value is None and kind in _NEEDS_SALARY:
            raise ValueError(f"a {kind} line needs a salary")
        return value

    @field_validator("contract_type")
    @classmethod
    def _contract_for_hires(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("kind") == "increase":
            raise ValueError("an increase line needs a contract_type")
        return value
