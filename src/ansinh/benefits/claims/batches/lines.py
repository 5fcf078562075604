"""The shape of one line of an employer's claim list (01B-HSB), checked line by line."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ansinh.identity.schemas import PersonalIdStr, SiNumberStr
from ansinh.registry.schemas import FullName

Part = Literal["new", "adjustment"]
Branch = Literal["sickness", "maternity", "convalescence"]
# Part 1's groups: A sickness, B maternity, C convalescence, each with its sub-types.
SUBTYPES: dict[str, tuple[str, ...]] = {
    "sickness": ("ordinary", "long_term", "sick_child"),
    "maternity": (
        "prenatal",
        "miscarriage",
        "birth",
        "child_death",
        "adoption",
        "surrogacy",
        "father",
        "contraception",
    ),
    "convalescence": ("after_sickness", "after_maternity"),
}
ReceiptMethod = Literal["employer", "own_account", "cash"]
ConvalescenceReason = Literal["long_term", "surgery", "other", "multiple_birth", "caesarean"]
AccountNumber = Annotated[str, Field(pattern=r"^\d{6,19}$")]
BankBin = Annotated[str, Field(pattern=r"^\d{6}$", examples=["970436"])]
REQUIRED_COLUMNS = ("branch", "subtype", "si_number", "from_date", "to_date", "days")


class ClaimLine(BaseModel):
    """One claim of the list: who, which benefit, which days, the evidence, where to pay.

    Part `new` lines are Part 1 of the list (grouped by branch A sickness, B maternity,
    C convalescence); `adjustment` lines are Part 2 and name the reference of the settled claim
    they adjust (`adjusts_claim`) with a reason. `days` is the leave claimed; for sub-types
    the law counts in working days, `weekly_rest_days` are the weekly rest days in the span.
    A line sent more than the legal number of working days after `received_date` (default: the
    day after the leave ends) needs a `late_explanation`.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)

    part: Part = "new"
    branch: Branch
    subtype: str
    si_number: SiNumberStr
    full_name: FullName | None = None
    personal_id: PersonalIdStr | None = None
    from_date: date
    to_date: date
    days: int = Field(ge=1, le=366)
    weekly_rest_days: int = Field(default=0, ge=0, le=200)
    certificate_serial: str | None = Field(default=None, pattern=r"^[0-9A-Za-z./_-]{1,40}$")
    receipt_method: ReceiptMethod = "employer"
    account_number: AccountNumber | None = None
    account_holder: str | None = Field(default=None, min_length=2, max_length=100)
    bank_bin: BankBin | None = None
    icd10: str | None = Field(default=None, pattern=r"^[A-Z]\d{2}(\.?\d{1,2})?$")
    child_birth_date: date | None = None
    children: int | None = Field(default=None, ge=1, le=10)
    gestational_weeks: int | None = Field(default=None, ge=1, le=45)
    caesarean: bool | None = None
    under_32_weeks: bool | None = None
    child_death_date: date | None = None
    child_received_date: date | None = None
    arduous: bool = Field(default=False, description="Heavy, hazardous or remote work")
    long_term_disease: bool = False
    far_or_abnormal: bool = Field(default=False, description="Prenatal visit far or abnormal")
    contraception_method: Literal["iud", "sterilisation"] | None = None
    convalescence_reason: ConvalescenceReason | None = None
    preceding_leave_end: date | None = Field(
        default=None, description="Last day of the sick or maternity leave convalesced from"
    )
    sick_days_this_year: int | None = Field(
        default=None, ge=0, le=366, description="Sick-leave days paid this year (convalescence)"
    )
    received_date: date | None = Field(
        default=None, description="When the employer received the worker's complete papers"
    )
    adjusts_claim: str | None = Field(default=None, pattern=r"^[A-Z0-9-]{4,16}$")
    adjustment_reason: str | None = Field(default=None, min_length=3, max_length=500)
    late_explanation: str | None = Field(default=None, min_length=3, max_length=1000)

    @field_validator("subtype")
    @classmethod
    def _subtype_of_branch(cls, value: str, info: ValidationInfo) -> str:
        allowed = SUBTYPES.get(info.data.get("branch", ""), ())
        if allowed and value not in allowed:
            raise ValueError(f"not a sub-type of this branch; one of {', '.join(allowed)}")
        return value

    @field_validator("to_date")
    @classmethod
    def _after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("from_date")
        if start is not None and value < start:
            raise ValueError("to_date is before from_date")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ClaimLine:
        if self.receipt_method == "own_account" and not (
            self.account_number and self.account_holder and self.bank_bin
        ):
            raise ValueError("own_account needs account_number, account_holder and bank_bin")
        if self.part == "adjustment" and not (self.adjusts_claim and self.adjustment_reason):
            raise ValueError("an adjustment line needs adjusts_claim and adjustment_reason")
        if self.part == "new" and self.adjusts_claim:
            raise ValueError("only an adjustment line names adjusts_claim")
        if self.subtype == "miscarriage" and self.gestational_weeks is None:
            raise ValueError("a miscarriage line needs gestational_weeks")
        if self.subtype in {"birth", "father", "surrogacy"} and self.child_birth_date is None:
            raise ValueError(f"a {self.subtype} line needs child_birth_date")
        if self.subtype == "adoption" and self.child_received_date is None:
            raise ValueError("an adoption line needs child_received_date")
        if self.subtype == "contraception" and self.contraception_method is None:
            raise ValueError("a contraception line needs contraception_method")
        if self.branch == "convalescence" and not (
            self.convalescence_reason and self.preceding_leave_end
        ):
            raise ValueError(
                "a convalescence line needs convalescence_reason and preceding_leave_end"
            )
        if self.subtype == "child_death" and self.child_death_date is None:
            raise ValueError("a child_death line needs child_death_date")
        return self


LINE_FIELDS = tuple(ClaimLine.model_fields)
