"""The claims a citizen files in the portal, as forms checked on the server, each made a line.

The law lets a person file these themselves (not through an employer): maternity after leaving a
job, the maternity grant of voluntary SI, and the one-time withdrawal. A change of the receipt
channel is the online service 1.014176.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ansinh.benefits.claims.enums import Branch
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.core import clock
from ansinh.core.i18n import N_

SERIAL = r"^[A-Za-z0-9./-]{4,40}$"
Ground = Literal["out_of_insurance", "pension_age", "emigration", "serious_illness"]


class Payment(BaseModel):
    """Where the money goes: an account of the claimant's, or cash at the post office."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    channel: Literal["account", "cash"]
    bank_bin: str | None = Field(default=None, pattern=r"^\d{6}$")
    account_number: str | None = Field(default=None, pattern=r"^\d{6,19}$")


class BirthForm(Payment):
    """A birth: the day, how many children, the birth certificate the hospital sent."""

    birth_date: date
    children: int = Field(default=1, ge=1, le=10)
    certificate_serial: str = Field(pattern=SERIAL)

    @field_validator("birth_date")
    @classmethod
    def _not_future(cls, value: date) -> date:
        if value > clock.today():
            raise ValueError("a birth date cannot be in the future")
        return value


class WithdrawalForm(Payment):
    """A one-time withdrawal on one ground of the law."""

    ground: Ground


@dataclass(frozen=True)
class CitizenClaim:
    """A kind of claim a citizen can file: its branch, form and names."""

    branch: Branch
    form: type[BirthForm] | type[WithdrawalForm]
    name: str
    summary: str


KINDS: dict[str, CitizenClaim] = {
    "maternity-after-job": CitizenClaim(
        Branch.CHILDBIRTH,
        BirthForm,
        N_("Maternity after leaving a job"),
        N_("You gave birth after leaving your job and had paid SI long enough before the birth."),
    ),
    "maternity-voluntary": CitizenClaim(
        Branch.MATERNITY_VOLUNTARY,
        BirthForm,
        N_("Voluntary-SI maternity allowance"),
        N_("You or your spouse paid voluntary SI before the birth."),
    ),
    "withdrawal": CitizenClaim(
        Branch.ONE_TIME_WITHDRAWAL,
        WithdrawalForm,
        N_("One-time SI withdrawal"),
        N_("You take out your SI time as a lump sum instead of keeping it for a pension."),
    ),
}
ACCOUNT_NEEDED = N_("A payment to an account needs the bank and the account number.")


def missing_account(form: Payment) -> bool:
    """True when the money should go to an account that the form does not name."""
    return form.channel == "account" and (form.bank_bin is None or form.account_number is None)


def to_line(kind: CitizenClaim, form: Payment, *, si_number: str, today: date) -> ClaimLine:
    """The claim line a checked form files (a birth dates the claim; a withdrawal is today's)."""
    account = form.channel == "account"
    start, serials = today, []
    facts: dict[str, object] = {}
    if isinstance(form, BirthForm):
        start, serials = form.birth_date, [form.certificate_serial]
        facts = {"children": form.children} if kind.branch == Branch.CHILDBIRTH else {}
    if isinstance(form, WithdrawalForm):
        facts = {"ground": form.ground}
    return ClaimLine(
        si_number=si_number,
        branch=kind.branch,
        period_from=start,
        facts=facts,
        certificate_serials=serials,
        channel=form.channel,
        account_bin=form.bank_bin if account else None,
        account_number=form.account_number if account else None,
    )
