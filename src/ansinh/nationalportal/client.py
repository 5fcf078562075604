"""The national portal's status API as the platform calls it (X-API-Key), over HTTP only."""

from __future__ import annotations

import httpx

from ansinh.core.config import get_settings
from ansinh.nationalportal.schemas import StatusReport

TIMEOUT_SECONDS = 10.0


class PortalUnavailable(Exception):
    """The portal did not take the report (unreachable, or answered with an error)."""


class PortalClient:
    """The national portal at `base_url`, authenticated with `api_key`."""

    def __init__(self, base_url: str, api_key: str, transport: httpx.BaseTransport | None = None):
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"X-API-Key": api_key},
            timeout=TIMEOUT_SECONDS,
            transport=transport,
        )

    def report(self, dossier_no: str, status: StatusReport) -> None:
        """Post one status of a dossier; PortalUnavailable unless the portal took it."""
        path = f"/api/v1/dossiers/{dossier_no}/statuses"
        try:
            response = self._http.post(path, json=status.model_dump())
        except httpx.HTTPError as exc:
            raise PortalUnavailable(f"portal unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 300:
            raise PortalUnavailable(f"portal answered {response.status_code}")


def connect() -> PortalClient | None:
    """A client of the configured national portal, or None when none is configured."""
    settings = get_settings()
    if not settings.national_portal_url:
        return None
    key = settings.national_portal_key.get_secret_value() if settings.national_portal_key else ""
    return PortalClient(settings.national_portal_url, key)
