"""/partners/v1/citizen/claims: the e-ID app shows the citizen's benefit claims and decisions.

Least data: the citizen's own claims only (from their token, never a parameter), the status
timeline without who acted, each decision's outcome and amount; no facts, accounts or trace.
Every claim read is audited by the claims verbs with the app as actor.
"""

from __future__ import annotations

from fastapi import APIRouter

from ansinh.benefits.claims import service as claims
from ansinh.core.db import DbSession
from ansinh.eid import usage
from ansinh.partners.schemas import CitizenClaimRead, ClaimDecisionRead, ClaimStepRead
from ansinh.partners.service import CLAIMS_SCOPE, authorised_si_number
from ansinh.partners.views import PURPOSE, CitizenToken, Eid, EidApp

router = APIRouter(prefix="/partners/v1", tags=["partners"])
NEWEST = 20


@router.get("/citizen/claims", response_model=list[CitizenClaimRead])
def citizen_claims(
    db: DbSession, app: EidApp, eid: Eid, token: CitizenToken
) -> list[CitizenClaimRead]:
    """The citizen's 20 newest benefit claims (needs the citizen's consent to `vss.claims`)."""
    si_number = authorised_si_number(
        db_session=db, eid=eid, actor=app, citizen_token=token, scope=CLAIMS_SCOPE
    )
    found = claims.claims_of_person(db, si_number=si_number, actor=app, purpose=PURPOSE)
    answer = []
    for claim in found[:NEWEST]:
        dossier = claims.claim_dossier(
            db, reference=claim.reference, si_number=si_number, actor=app, purpose=PURPOSE
        )
        answer.append(
            CitizenClaimRead(
                reference=claim.reference,
                branch=claim.branch,
                status=claim.status,
                received_on=claim.received_on,
                due_on=claim.due_on,
                period_from=claim.period_from,
                period_to=claim.period_to,
                timeline=[ClaimStepRead(at=s.at, status=s.status) for s in dossier.timeline],
                decisions=[
                    ClaimDecisionRead(
                        outcome=d.outcome, amount=d.amount, unit=d.unit, decided_at=d.decided_at
                    )
                    for d in dossier.decisions
                ],
            )
        )
    usage.count(db_session=db, metric=usage.EID_APP_QUERIES)
    return answer
