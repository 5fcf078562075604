"""What a benefit estimate answers: an engine result, or the reason the engine was not asked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from ansinh.core.events.schemas import DomainEvent
from ansinh.rules.engine import Result


@dataclass(frozen=True)
class Shortfall:
    """Whole years of SI still needed, from today, to reach the minimum for a pension."""

    years: int
    minimum: int


@dataclass(frozen=True)
class Estimate:
    """An engine result, or the reason the engine could not be asked."""

    result: Result | None
    problem: str | None = None
    at_todays_tables: bool = False
    shortfall: Shortfall | None = None

    @property
    def refusals(self) -> list[tuple[str, str]]:
        """The failed checks as (check name, the engine's English reason)."""
        if self.result is None:
            return [("no_estimate", self.problem or "")]
        failed = [s.name for s in self.result.trace if s.kind == "check" and s.value is False]
        return list(zip(failed, self.result.reasons, strict=False))


@dataclass(frozen=True)
class Estimates:
    """What the benefits page shows."""

    retirement: Estimate
    pension: Estimate
    withdrawal: Estimate


PaymentPurpose = Literal["PENS", "SSBE", "BENE"]
EntitlementKind = Literal["one_off", "monthly"]
ReceiptChannel = Literal["account", "cash", "employer"]


class EntitlementGranted(DomainEvent):
    """A decision created money owed: a one-off payment or a monthly entitlement.

    `amount` is in VND (integers). For `monthly` it is the monthly amount from `start`
    (the first month paid, day 1) to `end` (the last month paid, or None while in force);
    for `one_off` it is the sum due on `start`, negative when a superseding decision
    recovers money already paid. Account details are not in the payload: payments asks
    `benefits.service` for the receipt channel the claim stated, or uses its own.
    """

    name: ClassVar[str] = "EntitlementGranted"
    entitlement_id: uuid.UUID
    decision_id: uuid.UUID
    claim_id: uuid.UUID | None
    si_number: str
    branch: str
    kind: EntitlementKind
    purpose: PaymentPurpose
    amount: int
    start: date
    end: date | None = None
    review_on: date | None = None
    channel: ReceiptChannel
    unit_code: str | None = None


class EntitlementEnded(DomainEvent):
    """A monthly entitlement stops after `last_month` (superseded, revoked, died, ended)."""

    name: ClassVar[str] = "EntitlementEnded"
    entitlement_id: uuid.UUID
    si_number: str
    last_month: date
    reason: Literal["superseded", "revoked", "died", "ended", "suspended"]
