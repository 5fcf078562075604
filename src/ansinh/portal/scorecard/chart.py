"""A small server-side SVG bar chart: geometry here, drawing in the template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 560, 200, 36, 24, 12


@dataclass(frozen=True)
class Bar:
    """One bar (series index picks its colour)."""

    x: float
    y: float
    width: float
    height: float
    value: int
    series: int


@dataclass(frozen=True)
class Chart:
    """Bars, day labels and the top of the scale."""

    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]
    top: int
    baseline: float


def grouped_bars(series: list[list[tuple[date, int]]]) -> Chart:
    """Bars per day, one per series side by side, on a shared scale."""
    days = [d for d, _ in series[0]] if series else []
    top = max([1, *(v for s in series for _, v in s)])
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(days), 1)
    width = slot * 0.8 / max(len(series), 1)
    bars, labels = [], []
    for index, day in enumerate(days):
        x0 = LEFT + index * slot + slot * 0.1
        labels.append((x0 + slot * 0.4, day.strftime("%d/%m")))
        for number, points in enumerate(series):
            value = points[index][1]
            height = plot_h * value / top
            y = TOP + plot_h - height
            bars.append(Bar(x0 + number * width, y, width, height, value, number))
    return Chart(WIDTH, HEIGHT, bars, labels, top, TOP + plot_h)
