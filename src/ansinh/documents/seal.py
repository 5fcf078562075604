"""The seal: a compact JWS over a document's id, kind, content hash and issue time.

It carries nothing about the person, so the verification URL (`/verify#<seal>`, the fragment never
reaches a server log) can be printed as a QR on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ansinh.core import signing
from ansinh.core.config import get_settings

TYPE = "ansinh-document"


@dataclass(frozen=True)
class Seal:
    """The claims of a seal that verified against the platform's keys."""

    document_id: str
    kind: str
    content_sha256: str
    issued_at: datetime


def make(*, document_id: str, kind: str, content_sha256: str, issued_at: datetime) -> str:
    """Sign a seal with the platform key."""
    return signing.sign(
        {
            "typ": TYPE,
            "doc": document_id,
            "kind": kind,
            "sha256": content_sha256,
            "iat": int(issued_at.timestamp()),
        }
    )


def key_id() -> str:
    """The id of the key seals are signed with now."""
    return str(signing.platform_key().kid)


def read(token: str) -> Seal:
    """Verify a seal against the published keys; SignatureInvalid if it does not."""
    claims = signing.verify(token, signing.public_jwks())
    try:
        if claims["typ"] != TYPE:
            raise signing.SignatureInvalid("not a document seal")
        return Seal(
            document_id=str(claims["doc"]),
            kind=str(claims["kind"]),
            content_sha256=str(claims["sha256"]),
            issued_at=datetime.fromtimestamp(int(claims["iat"]), UTC),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.SignatureInvalid(f"not a document seal: {exc}") from None


def verification_url(token: str) -> str:
    """The address a QR opens: the public verification page with the seal in the fragment."""
    return f"{verify_page()}#{token}"


def verify_page() -> str:
    """The public verification page's address."""
    return f"{get_settings().portal_base_url or ''}/verify"
