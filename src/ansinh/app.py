"""Assemble the platform's ASGI app: routers, error handlers, logging. Nothing else lives here."""

from __future__ import annotations

import gc

from fastapi import FastAPI

from ansinh import __version__
from ansinh.benefits.claims.batches.views import router as claim_batches_router
from ansinh.benefits.claims.views import router as claims_router
from ansinh.contributions.views import router as contributions_router
from ansinh.core.apidocs import install_api_docs
from ansinh.core.apool import pool_lifespan
from ansinh.core.config import get_settings
from ansinh.core.errors import install_error_handlers
from ansinh.core.health import install_health
from ansinh.core.logging import configure_logging, install_access_log
from ansinh.core.uploads import BodyLimit
from ansinh.coverage.views import router as coverage_router
from ansinh.geo.views import router as geo_router
from ansinh.health.api import routers as hi_routers
from ansinh.lifeevents.views import router as lifeevents_router
from ansinh.linkage.views import router as linkage_router
from ansinh.nationalportal.views import router as nationalportal_router
from ansinh.payments.views import router as payments_router
from ansinh.portal.assemble import install_portal
from ansinh.registry.views import router as registry_router
from ansinh.rules.views import router as rules_router
from ansinh.unemployment.views import router as unemployment_router


def create_app() -> FastAPI:
    """Build the platform app."""
    settings = get_settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        title="ansinh",
        version=__version__,
        summary="Social, health and unemployment insurance for a whole country.",
        docs_url=None,
        redoc_url=None,
        lifespan=pool_lifespan,
    )
    app.add_middleware(BodyLimit)
    install_error_handlers(app)
    install_access_log(app)
    # Hot routes first: a request is matched against every route before it, at a few
    # microseconds each (see docs/benchmarks.md, "where the time went").
    install_health(app)
    for router in (*hi_routers, geo_router, registry_router, rules_router):
        app.include_router(router)
    install_api_docs(app)
    app.include_router(contributions_router)
    app.include_router(claim_batches_router)
    app.include_router(linkage_router)
    app.include_router(claims_router)
    app.include_router(payments_router)
    app.include_router(lifeevents_router)
    app.include_router(coverage_router)
    app.include_router(nationalportal_router)
    app.include_router(unemployment_router)
    install_portal(app)
    return app


def served_app() -> FastAPI:
    """The app as `serve` runs it: built once, then its startup heap frozen.

    Frozen objects (modules, rules, parameters) are never rescanned by the collector; without
    this a full collection paused whichever requests were in flight for tens of milliseconds,
    which dominated the clinic check's p99. Only the serving process does it (tests build many
    apps and should collect their garbage).
    """
    app = create_app()
    gc.collect()
    gc.freeze()
    return app
