"""What the bank decides about a payment file: group reason, then one reason per line."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

from ansinh.synth.bank_accounts import holder_name
from sandbox.bank.iso import Line, PaymentFile
from sandbox.bank.schemas import RejectCode

Code = TypeVar("Code", bound=str)


def group_reason(
    payment: PaymentFile, payer_account: str | None, max_backdate_days: int
) -> str | None:
    """AM18/AM10 counts and sums, BE05 unknown payer, DT01 bad date; None if the file passes."""
    actual = sum((line.amount for line in payment.lines), Decimal(0))
    if payment.number != len(payment.lines) or any(
        stated is not None and stated != count for stated, count, _, _ in payment.blocks
    ):
        return "AM18"
    if (payment.control_sum is not None and payment.control_sum != actual) or any(
        stated is not None and stated != summed for _, _, stated, summed in payment.blocks
    ):
        return "AM10"
    if payer_account is None or payer_account != payment.debtor_account:
        return "BE05"
    created = payment.created.date()
    earliest = created - timedelta(days=max_backdate_days)
    if not earliest <= payment.execution <= created + timedelta(days=366):
        return "DT01"
    return None


def line_reason(
    line: Line,
    *,
    banks: frozenset[str],
    held: Mapping[str, Any] | None,
    failure_rates: Mapping[RejectCode, float],
) -> str | None:
    """RC01, AC01, AC04, AC06, BE01, MD07, AM12, then a random failure by rate; None if fine."""
    if line.bin not in banks:
        return "RC01"
    if held is None:
        return "AC01"
    if held["status"] == "closed":
        return "AC04"
    if held["status"] == "blocked":
        return "AC06"
    if holder_name(line.name) != held["holder"]:
        return "BE01"
    if held["deceased"]:
        return "MD07"
    if line.amount != line.amount.to_integral_value():
        return "AM12"  # VND has no minor unit
    return drawn(line.end_to_end_id, failure_rates)


def drawn(end_to_end_id: str, rates: Mapping[Code, float]) -> Code | None:
    """A reason drawn with its configured rate, the same on every replay of the same EndToEndId."""
    for code, rate in sorted(rates.items()):
        digest = hashlib.sha256(f"{code}:{end_to_end_id}".encode()).digest()
        if int.from_bytes(digest[:8]) / 2**64 < rate:
            return code
    return None


def funded(amounts: Sequence[int], available: int) -> list[bool]:
    """Which payments, in file order, the payer's available balance covers (the rest get AM04)."""
    covered: list[bool] = []
    for amount in amounts:
        covered.append(amount <= available)
        if covered[-1]:
            available -= amount
    return covered
