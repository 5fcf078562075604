"""Public verification API: anyone holding a document's seal learns whether it is genuine."""

from __future__ import annotations

from fastapi import APIRouter

from ansinh.core.db import DbSession
from ansinh.documents import service
from ansinh.documents.schemas import Verdict, VerifyRequest

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])


@router.post("/verify", response_model=Verdict)
def verify(body: VerifyRequest, db: DbSession) -> Verdict:
    """Check a document's seal (from its QR): genuine, revoked, unknown or tampered.

    No key is needed: the answer says no more than the paper shows (kind, issue date, the last
    digits of the SI number).
    """
    return service.verify_seal(db_session=db, token=body.seal)
