"""Add the portal, the online services, the partner API and the scorecard to the platform app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ansinh.documents.views import router as documents_api
from ansinh.partners.children import router as partner_children_router
from ansinh.partners.claims import router as partner_claims_router
from ansinh.partners.payments import router as partner_payments_router
from ansinh.partners.views import router as partners_router
from ansinh.portal.applications import router as services_pages
from ansinh.portal.children import router as children_pages
from ansinh.portal.claims import router as claims_pages
from ansinh.portal.coverage import router as coverage_pages
from ansinh.portal.documents import router as documents_pages
from ansinh.portal.login.views import router as login_router
from ansinh.portal.officers.claims import router as officer_claims_router
from ansinh.portal.officers.jobs import router as officer_jobs_router
from ansinh.portal.officers.pages import router as officer_router
from ansinh.portal.officers.payments import router as officer_payments_router
from ansinh.portal.pages import router as pages_router
from ansinh.portal.payments import router as payments_pages
from ansinh.portal.scorecard.views import api_router as scorecard_api
from ansinh.portal.scorecard.views import page_router as scorecard_page
from ansinh.portal.unemployment import router as unemployment_pages
from ansinh.portal.web import install_page_errors
from ansinh.services.views import router as services_api

STATIC = Path(__file__).parent / "static"


def install_portal(app: FastAPI) -> None:
    """Mount the static files, page error handling and every portal-side router."""
    install_page_errors(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (
        pages_router,
        login_router,
        services_pages,
        claims_pages,
        children_pages,
        payments_pages,
        unemployment_pages,
        officer_router,
        officer_claims_router,
        officer_jobs_router,
        officer_payments_router,
        scorecard_page,
        scorecard_api,
        services_api,
        partners_router,
        partner_claims_router,
        partner_payments_router,
        partner_children_router,
        documents_pages,
        coverage_pages,
        documents_api,
    ):
        app.include_router(router)
