"""Every scope an API client can be granted, with what it allows (listed in the README too)."""

from __future__ import annotations

from collections.abc import Iterable

from ansinh.core.errors import Unprocessable

SCOPES: dict[str, str] = {
    "registry:read": "read persons, employers and employments; reconciliation results",
    "registry:write": "register persons and employments; reconciliation review decisions",
    "contributions:declare": "send an employer's monthly declarations (D02-LT)",
    "contributions:read": "read declarations, bills, SI books and arrears",
    "contributions:collect": "record employers' payments",
    "contributions:enrol": "enrol people in voluntary SI and household HI",
    "hi:eligibility": "check a patient's HI card at a clinic (API, FHIR, gateway)",
    "hi:cards:read": "read HI cards",
    "hi:cards:write": "issue and change HI cards",
    "hi:admin": "manage facilities and their clerks",
    "hi:stats": "read HI check statistics",
    "payments:read": "read payroll runs, their totals, exceptions and a person's payments",
    "payments:run": "compute, approve and send payroll runs",
    "payments:channels": "set where a beneficiary is paid (account, cash, employer)",
    "partners:eid": "the national e-ID app's queries for its signed-in citizen",
    "benefits:claim": "file an employer's short-term claim lists (01B-HSB) and read their results",
    "benefits:read": "read benefit claims, their decisions and the entitlements they created",
    "benefits:decide": "open, decide, approve, refuse, adjust and revoke benefit claims",
    "coverage:apply": "apply for certificates of coverage for posted workers and read them",
    "services:apply": "file online-service applications for an employer's workers and read them",
    "nationalportal:file": "forward dossiers filed at the National Public Service Portal",
    "unemployment:records": "an employment centre's reads of claimants' UI contribution records",
}


def check_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes, sorted, or Unprocessable naming those the platform does not know."""
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise Unprocessable(f"unknown scopes: {', '.join(unknown)}; known: {', '.join(SCOPES)}")
    return wanted
