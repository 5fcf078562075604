"""The partner route the national portal forwards dossiers to (API key with its scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from ansinh.core.db import DbSession
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import require
from ansinh.nationalportal import service
from ansinh.nationalportal.schemas import DossierIn, DossierReceipt

router = APIRouter(prefix="/partners/v1/national-portal", tags=["national portal"])

Portal = Annotated[Actor, Depends(require("nationalportal:file"))]


@router.post(
    "/dossiers",
    status_code=status.HTTP_201_CREATED,
    response_model=DossierReceipt,
    responses={200: {"description": "The dossier was forwarded before: its application"}},
)
def file_dossier(
    body: DossierIn, db: DbSession, actor: Portal, response: Response
) -> DossierReceipt:
    """File a dossier from the national portal as an application (channel `national_portal`)."""
    receipt = service.receive(db_session=db, actor=actor, dossier=body)
    if receipt.duplicate:
        response.status_code = status.HTTP_200_OK
    return receipt
