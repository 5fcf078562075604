"""Compute the scorecard and the daily series its chart shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.eid import usage
from ansinh.portal.scorecard.figures import FIGURES

CHART_DAYS = 14
CHART_METRICS = (usage.EID_LOGINS, usage.EID_APP_QUERIES)


@dataclass(frozen=True)
class FigureRead:
    """A figure as shown: its value, or None while not yet available."""

    key: str
    label: dict[str, str]
    domain: str
    available: bool
    percent: bool
    value: int | float | None
    parts: dict[str, Any]


def scorecard(*, db_session: Session) -> list[FigureRead]:
    """Every figure, computed now."""
    reads = []
    for figure in FIGURES:
        value = figure.compute(db_session) if figure.available and figure.compute else None
        reads.append(
            FigureRead(
                key=figure.key,
                label=dict(figure.label),
                domain=figure.domain,
                available=value is not None,
                percent=figure.percent,
                value=value.value if value else None,
                parts=dict(value.parts) if value else {},
            )
        )
    return reads


def daily_series(
    *, db_session: Session, days: int = CHART_DAYS
) -> dict[str, list[tuple[date, int]]]:
    """Per-day counts of the charted metrics over the last `days` days (zeros included)."""
    first = today() - timedelta(days=days - 1)
    series = {}
    for metric in CHART_METRICS:
        counts = usage.daily(db_session=db_session, metric=metric, since=first)
        series[metric] = [
            (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
            for n in range(days)
        ]
    return series
