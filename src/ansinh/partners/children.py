"""/partners/v1/citizen/children: the e-ID app shows a parent's children and their HI cards.

Least data: the children the civil registry linked to the citizen as mother or father (the
citizen from their token, never a parameter), each one's name, date of birth and card (group,
benefit level, validity, state, primary-care facility); no personal ID or SI number. The read is
audited against the parent and each child by `lifeevents.service.children_cards`.
"""

from __future__ import annotations

from fastapi import APIRouter

from ansinh.core.db import DbSession
from ansinh.eid import usage
from ansinh.lifeevents import service as lifeevents
from ansinh.partners.schemas import CitizenChildrenRead
from ansinh.partners.service import CHILDREN_SCOPE, authorised_si_number
from ansinh.partners.views import PURPOSE, CitizenToken, Eid, EidApp

router = APIRouter(prefix="/partners/v1", tags=["partners"])


@router.get("/citizen/children", response_model=CitizenChildrenRead)
def citizen_children(
    db: DbSession, app: EidApp, eid: Eid, token: CitizenToken
) -> CitizenChildrenRead:
    """The parent's children with their HI cards (needs consent to `vss.children`)."""
    si_number = authorised_si_number(
        db_session=db, eid=eid, actor=app, citizen_token=token, scope=CHILDREN_SCOPE
    )
    children = lifeevents.children_cards(
        db_session=db, parent_si_number=si_number, actor=app, purpose=PURPOSE
    )
    usage.count(db_session=db, metric=usage.EID_APP_QUERIES)
    return CitizenChildrenRead(children=children)
