"""Check the citizen's authorisation carried by the e-ID app: a token the e-ID issued to it.

The token must verify against the provider's published keys, be an access token (not an ID
token) living no longer than `ANSINH_EID_TOKEN_MAX_SECONDS`, still be active at the provider
(introspection, so a revoked token is refused), be meant for this platform (audience), have been
issued to the very client calling (azp), and carry the scope the citizen consented to for this
data. Only then is the personal ID it names mapped to an insured person.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ansinh.core.config import get_settings
from ansinh.core.errors import Forbidden, NotFound, Unauthorized
from ansinh.core.security.actor import Actor
from ansinh.eid.client import EidClient, EidError
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonSearch

AUDIENCE = "ansinh"
SI_BOOK_SCOPE = "vss.si_book"
HI_CARD_SCOPE = "vss.hi_card"
CLAIMS_SCOPE = "vss.claims"
PAYMENTS_SCOPE = "vss.payments"
CHILDREN_SCOPE = "vss.children"


def authorised_si_number(
    *, db_session: Session, eid: EidClient, actor: Actor, citizen_token: str, scope: str
) -> str:
    """The SI number of the citizen who authorised `actor` to read `scope`, or a 401/403/404."""
    try:
        claims = eid.access_claims(
            citizen_token, audience=AUDIENCE, max_lifetime=get_settings().eid_token_max_seconds
        )
    except EidError:
        raise Unauthorized(
            "the citizen's e-ID token is invalid, expired, revoked, not an access token, "
            "too long-lived or not for ansinh"
        ) from None
    if claims.get("azp") != actor.id:
        raise Forbidden("the citizen's e-ID token was issued to another client")
    if scope not in str(claims.get("scope", "")).split():
        raise Forbidden(f"the citizen has not authorised the scope {scope!r}")
    person = db_session.scalars(
        registry.search_persons(PersonSearch(personal_id=str(claims["sub"])))
    ).first()
    if person is None:
        raise NotFound("the citizen has no social-insurance record")
    return person.si_number
