"""/partners/v1: the e-ID app reads a citizen's data with its API key and the citizen's token.

Every answered query is written to the audit log (the app as actor) and counted for the
Project 06 scorecard.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header

from ansinh.contributions.book.service import read_si_book
from ansinh.core.clock import today
from ansinh.core.db import DbSession
from ansinh.core.domains import present
from ansinh.core.errors import NotFound
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import require
from ansinh.eid import usage
from ansinh.eid.client import EidClient, get_eid_client
from ansinh.partners.schemas import HiCardRead, PeriodRead, SiBookSummary
from ansinh.partners.service import HI_CARD_SCOPE, SI_BOOK_SCOPE, authorised_si_number

router = APIRouter(prefix="/partners/v1", tags=["partners"])
EidApp = Annotated[Actor, Depends(require("partners:eid"))]
Eid = Annotated[EidClient, Depends(get_eid_client)]
CitizenToken = Annotated[
    str,
    Header(
        alias="X-Citizen-Token",
        min_length=20,
        max_length=8192,
        description="The access token the national e-ID issued to this app for the citizen",
    ),
]
PURPOSE = "citizen's request in the national e-ID app"


@router.get("/citizen/si-book", response_model=SiBookSummary)
def si_book(db: DbSession, app: EidApp, eid: Eid, token: CitizenToken) -> SiBookSummary:
    """The citizen's SI-book summary (needs the citizen's consent to `vss.si_book`)."""
    si_number = authorised_si_number(
        db_session=db, eid=eid, actor=app, citizen_token=token, scope=SI_BOOK_SCOPE
    )
    book = read_si_book(db_session=db, actor=app, si_number=si_number, purpose=PURPOSE, on=today())
    usage.count(db_session=db, metric=usage.EID_APP_QUERIES)
    return SiBookSummary(
        si_number=book.si_number,
        full_name=book.full_name,
        as_of=book.on,
        total_months=book.total_months,
        owed_months=book.owed_months,
        years=book.total_months // 12,
        months=book.total_months % 12,
        insured_now=book.employed,
        source=book.source,
        periods=[
            PeriodRead(
                scheme=p.scheme,
                employer=p.employer,
                unit_code=p.unit_code,
                start=p.start,
                end=p.end,
                salary=p.salary,
                counted=p.counted,
                running=p.running,
            )
            for p in book.periods
        ],
    )


@router.get("/citizen/hi-card", response_model=HiCardRead)
def hi_card(db: DbSession, app: EidApp, eid: Eid, token: CitizenToken) -> HiCardRead:
    """The citizen's current HI card and its signed QR (needs consent to `vss.hi_card`)."""
    si_number = authorised_si_number(
        db_session=db, eid=eid, actor=app, citizen_token=token, scope=HI_CARD_SCOPE
    )
    if not present("health"):
        raise NotFound("health-insurance cards are not available yet")
    from ansinh.health.cards.service import read_hi_card

    card = read_hi_card(db_session=db, actor=app, si_number=si_number, purpose=PURPOSE)
    if card is None:
        raise NotFound("the citizen has no current health-insurance card")
    usage.count(db_session=db, metric=usage.EID_APP_QUERIES)
    view = card.card
    return HiCardRead(
        code=view.code,
        status=view.status,
        valid_from=view.valid_from,
        valid_to=view.valid_to,
        benefit_level=view.benefit_level,
        facility_code=view.facility_code,
        facility_name=view.facility_name,
        qr_jws=card.qr_jws,
    )
