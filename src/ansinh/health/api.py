"""The health domain's routes for app.py: the REST API, the published key, the check log's life.

`routers` is flat (app.py includes each one itself): every level of nested routers adds its own
matching work to every request that passes through it, and the clinic check is the hot path.
"""

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


@router.get("/.well-known/jwks.json", tags=["health insurance"])
def jwks() -> dict[str, Any]:
    """The public key that signs card QR codes (verify offline with `ansinh hi verify-qr`)."""
    return public_jwks()


routers = (views.router, gateway.router, fhir.router, evidence.router, router)
