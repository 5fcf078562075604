"""What officers type on a claim's forms: reasons one per line, facts as `name = value` lines,
and a long-term claim opened from a dossier."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ansinh.benefits.claims.enums import Branch
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.identity.schemas import SiNumberStr

LONG_TERM = (
    Branch.PENSION,
    Branch.SURVIVOR_MONTHLY,
    Branch.SURVIVOR_LUMP_SUM,
    Branch.FUNERAL_GRANT,
    Branch.WORK_INJURY,
)
LongTerm = Literal[
    "pension", "survivor_monthly", "survivor_lump_sum", "funeral_grant", "work_injury"
]


def lines_of(text: object) -> list[str]:
    """The non-empty lines of a posted text area (at most 20, each at most 500 characters)."""
    if not isinstance(text, str):
        return []
    return [line.strip()[:500] for line in text.splitlines() if line.strip()][:20]


def facts_of(text: object) -> dict[str, Any]:
    """`name = value` lines as facts; a value that reads as JSON (a number, a list) is taken so."""
    facts: dict[str, Any] = {}
    for line in lines_of(text):
        name, _, value = line.partition("=")
        if not value:
            raise ValueError(line)
        try:
            facts[name.strip()] = json.loads(value.strip())
        except json.JSONDecodeError:
            facts[name.strip()] = value.strip()
    return facts


class OpenClaim(BaseModel):
    """A long-term claim an officer opens from a dossier at the counter."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    si_number: SiNumberStr
    branch: LongTerm
    period_from: date
    certificate_serial: str | None = Field(default=None, pattern=r"^[A-Za-z0-9./-]{4,40}$")
    channel: Literal["account", "cash"]
    bank_bin: str | None = Field(default=None, pattern=r"^\d{6}$")
    account_number: str | None = Field(default=None, pattern=r"^\d{6,19}$")

    def line(self, facts: dict[str, Any]) -> ClaimLine:
        """The claim line this opens (ValidationError when the payment is incomplete)."""
        return ClaimLine(
            si_number=self.si_number,
            branch=Branch(self.branch),
            period_from=self.period_from,
            facts=facts,
            certificate_serials=[self.certificate_serial] if self.certificate_serial else [],
            channel=self.channel,
            account_bin=self.bank_bin if self.channel == "account" else None,
            account_number=self.account_number if self.channel == "account" else None,
        )
