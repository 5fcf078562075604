"""The scorecard page (with a chart) and its JSON; public, aggregate figures only."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ansinh.core import clock
from ansinh.core.db import DbSession
from ansinh.portal.deps import Viewer
from ansinh.portal.scorecard.chart import grouped_bars
from ansinh.portal.scorecard.service import CHART_METRICS, daily_series, scorecard
from ansinh.portal.web import render

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1/scorecard", tags=["scorecard"])


@page_router.get("/scorecard", response_class=HTMLResponse)
def scorecard_page(request: Request, db: DbSession, viewer: Viewer) -> HTMLResponse:
    """Project 06 figures, with a chart of daily e-ID logins and e-ID app queries."""
    series = daily_series(db_session=db)
    chart = grouped_bars([series[m] for m in CHART_METRICS])
    return render(
        request, "scorecard.html", viewer=viewer, figures=scorecard(db_session=db), chart=chart
    )


@api_router.get("")
def scorecard_json(db: DbSession) -> dict[str, Any]:
    """Every figure (null while not yet available) and the daily series, computed now."""
    series = daily_series(db_session=db)
    return {
        "computed_at": clock.now().isoformat(),
        "figures": [asdict(f) for f in scorecard(db_session=db)],
        "daily": {m: [{"day": d.isoformat(), "count": n} for d, n in series[m]] for m in series},
    }
