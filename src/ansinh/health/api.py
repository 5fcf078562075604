"""The health domain's routes for app.py: the REST API, the published key, the check log's life."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ansinh.core.signing import public_jwks
from ansinh.health import views
from ansinh.health.eligibility.checks import check_log_lifespan
from ansinh.health.evidence import views as evidence
from ansinh.health.fhir import views as fhir
from ansinh.health.gateway import views as gateway

router = APIRouter(lifespan=check_log_lifespan)
router.include_router(views.router)
router.include_router(gateway.router)
router.include_router(fhir.router)
router.include_router(evidence.router)


@router.get("/.well-known/jwks.json", tags=["health insurance"])
def jwks() -> dict[str, Any]:
    """The public key that signs card QR codes (verify offline with `ansinh hi verify-qr`)."""
    return public_jwks()
