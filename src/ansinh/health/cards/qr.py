"""Signed card QR: a compact JWS of the card's printed data, and its offline verification.

Claims: `card` (15-character code), `si` (SI number, the number printed on cards since 2021),
`name`, `dob`, `sex`, `from`/`to` (validity), `lvl` (benefit level), `fac` (primary-care
facility), `iss` and `iat`. No personal ID: the QR shows only what the printed card shows.
"""

from __future__ import annotations

import io
import json
from typing import Any, Literal

import segno
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.signing import ALGORITHM, platform_key
from ansinh.health.eligibility.service import CardView, PersonView

ISSUER = "ansinh"
TOKEN_TYPE = "hi-card+jws"
ImageFormat = Literal["svg", "png"]
MEDIA_TYPES: dict[ImageFormat, str] = {"svg": "image/svg+xml", "png": "image/png"}


class InvalidCardQr(Unprocessable):
    """The QR is not a card token signed by a published key."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"token: {reason}")


def card_claims(person: PersonView, card: CardView) -> dict[str, Any]:
    """What the QR carries about a card."""
    return {
        "iss": ISSUER,
        "card": card.code,
        "si": card.si_number,
        "name": person.full_name,
        "dob": person.date_of_birth.isoformat(),
        "sex": person.sex,
        "from": card.valid_from.isoformat(),
        "to": card.valid_to.isoformat(),
        "lvl": card.benefit_level,
        "fac": card.facility_code or "",
        "iat": int(clock.now().timestamp()),
    }


def sign_card(person: PersonView, card: CardView) -> str:
    """The card's compact JWS, signed with the platform key."""
    key = platform_key()
    header = {"alg": ALGORITHM, "kid": key.kid or "", "typ": TOKEN_TYPE}
    payload = json.dumps(card_claims(person, card), ensure_ascii=False, separators=(",", ":"))
    return jws.serialize_compact(header, payload.encode(), key)


def verify_card(token: str, keys: KeySet) -> tuple[str, dict[str, Any]]:
    """Check a card token against `keys`; return the key id and the claims."""
    try:
        signed = jws.deserialize_compact(token.strip(), keys, algorithms=[ALGORITHM])
    except (JoseError, ValueError) as exc:
        raise InvalidCardQr("not a compact JWS signed by a published platform key") from exc
    headers = signed.headers()
    try:
        claims = json.loads(signed.payload)
    except ValueError as exc:
        raise InvalidCardQr("the signed payload is not JSON") from exc
    if headers.get("typ") != TOKEN_TYPE or not isinstance(claims, dict):
        raise InvalidCardQr("not a health insurance card token")
    if claims.get("iss") != ISSUER:
        raise InvalidCardQr("issued by someone else")
    return str(headers.get("kid", "")), claims


def render(token: str, image_format: ImageFormat) -> bytes:
    """The QR image of a token."""
    buffer = io.BytesIO()
    segno.make(token, error="m").save(buffer, kind=image_format, scale=4, border=4)
    return buffer.getvalue()
