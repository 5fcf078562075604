"""Money arithmetic in Decimal, rounded to whole VND.

Where the law states no rounding (it almost never does), amounts are rounded half-up to the
whole dong at the end of each named amount, never in between.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def dec(value: int | float | str | Decimal) -> Decimal:
    """Convert a number to Decimal without binary floating-point noise."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_vnd(value: Decimal | int) -> int:
    """Round half-up to a whole VND."""
    return int(dec(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_vnd(value: Decimal | int) -> str:
    """Format a VND amount with thousands separators, e.g. 4,680,000."""
    number = dec(value)
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,}"
