"""The centre's own reading of the benefit: 60 % of the six months' average, capped; months."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LAW = Path(__file__).with_name("law.yaml")


@cache
def _law() -> dict[str, list[dict[str, Any]]]:
    loaded: dict[str, list[dict[str, Any]]] = yaml.safe_load(LAW.read_text(encoding="utf-8"))
    return loaded


def value(name: str, on: date) -> Any:
    """The value of `name` in force on `on`."""
    return max((r for r in _law()[name] if r["from"] <= on), key=lambda r: r["from"])["value"]


def monthly_amount(salaries: list[int], on: date) -> int:
    """60 % of the average of `salaries`, capped, rounded half up to the đồng."""
    rate = Decimal(str(value("benefit_rate", on)))
    uncapped = rate * sum(salaries) / max(len(salaries), 1)
    amount = min(uncapped, Decimal(value("benefit_cap", on)))
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def benefit_months(contribution_months: int, on: date) -> int:
    """Months of benefit for `contribution_months` of UI (0 below the qualifying minimum)."""
    rule = value("duration", on)
    if contribution_months < rule["qualifying_months"]:
        return 0
    extra = max(contribution_months - rule["base_months"], 0) // rule["per_extra"]
    return int(min(rule["base_benefit"] + extra, rule["maximum"]))
