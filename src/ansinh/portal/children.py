"""The parents' page of their children's HI cards (TE group), from the registered births.

The parent is the logged-in citizen (e-ID); the children come from the civil registry's birth
notifications, never from the URL. The read is audited against the parent and each child.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ansinh.core.db import DbSession
from ansinh.lifeevents import service as lifeevents
from ansinh.portal.deps import Citizen, citizen_actor, insured
from ansinh.portal.web import render

router = APIRouter(include_in_schema=False)
PARENT_READ = "parent reading their children's HI cards in the portal"


@router.get("/me/children", response_class=HTMLResponse)
def my_children(request: Request, db: DbSession, viewer: Citizen) -> HTMLResponse:
    """My children's HI cards, youngest first."""
    children = lifeevents.children_cards(
        db_session=db,
        parent_si_number=insured(viewer),
        actor=citizen_actor(viewer),
        purpose=PARENT_READ,
    )
    return render(request, "children.html", viewer=viewer, children=children)
