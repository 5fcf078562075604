"""Citizen pages: home, language, my SI book, my HI card, my benefits, who looked at my data.

Every page reads the logged-in citizen's own data only: the SI number comes from the session,
never from the URL, so no page can show another person's data.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ansinh.benefits.service import estimate
from ansinh.contributions.book.service import read_si_book
from ansinh.core.audit import service as audit
from ansinh.core.clock import today
from ansinh.core.db import DbSession
from ansinh.core.domains import present
from ansinh.core.i18n import N_
from ansinh.core.pagination import PageParams
from ansinh.portal.deps import OWN_READ, Citizen, Viewer, citizen_actor, insured
from ansinh.portal.i18n import LANGUAGE_COOKIE
from ansinh.portal.web import PageError, render, safe_next

router = APIRouter(include_in_schema=False)
AUDIT_PAGE = 25


@router.get("/", response_model=None)
def home(request: Request, viewer: Viewer) -> Response:
    """The landing page, or the citizen's home when logged in."""
    if viewer is not None and viewer.kind == "officer":
        return RedirectResponse("/officer", status_code=303)
    return render(request, "home.html", viewer=viewer)


@router.get("/lang/{language}")
def switch_language(
    language: Annotated[str, Path(pattern=r"^(vi|en)$")],
    next_path: Annotated[str, Query(alias="next", max_length=200)] = "/",
) -> RedirectResponse:
    """Remember the chosen language (a cookie with no personal data) and go back."""
    response = RedirectResponse(safe_next(next_path), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response


@router.get("/me/si-book", response_class=HTMLResponse)
def si_book(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My SI book: periods and totals."""
    book = read_si_book(
        db_session=db,
        actor=citizen_actor(viewer),
        si_number=insured(viewer),
        purpose=OWN_READ,
        on=today(),
    )
    return render(request, "si_book.html", viewer=viewer, book=book)


@router.get("/me/hi-card", response_class=HTMLResponse)
def hi_card(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My HI card with its signed QR (when the health domain is present)."""
    if not present("health"):
        raise PageError(404, N_("Not yet available"))
    from ansinh.health.cards.service import read_hi_card

    card = read_hi_card(
        db_session=db, actor=citizen_actor(viewer), si_number=insured(viewer), purpose=OWN_READ
    )
    return render(request, "hi_card.html", viewer=viewer, hi_card=card)


@router.get("/me/benefits", response_class=HTMLResponse)
def benefits(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My retirement date, pension estimate and one-time withdrawal, from my SI book."""
    book = read_si_book(
        db_session=db,
        actor=citizen_actor(viewer),
        si_number=insured(viewer),
        purpose=OWN_READ,
        on=today(),
    )
    return render(request, "benefits.html", viewer=viewer, estimates=estimate(book))


@router.get("/me/audit", response_class=HTMLResponse)
def who_looked(
    request: Request,
    db: DbSession,
    viewer: Citizen,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """Who read or changed my data, newest first."""
    params = PageParams(page=page, size=AUDIT_PAGE)
    rows, total = audit.read_events(
        db_session=db,
        subject=insured(viewer),
        params=params,
        actor=citizen_actor(viewer),
        purpose=OWN_READ,
    )
    more = params.offset + len(rows) < total
    return render(request, "audit.html", viewer=viewer, events=rows, page=page, more=more)
