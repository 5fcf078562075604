"""The employment centre's HTTP API as the platform calls it: claims, notices, grounds."""

from __future__ import annotations

from typing import Any

import httpx

from ansinh.core.config import get_settings

TIMEOUT = 10.0


class CentreUnavailable(RuntimeError):
    """The centre did not answer, or refused (the call is retried by the next round)."""


class CentreClient:
    """A client of the centres' API (one sandbox serves every province in the demo)."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def _post(self, path: str, body: dict[str, Any] | list[dict[str, Any]]) -> None:
        try:
            answer = self.http.post(path, json=body)
        except httpx.HTTPError as exc:
            raise CentreUnavailable(type(exc).__name__) from None
        if answer.status_code >= 300:
            raise CentreUnavailable(f"{path}: {answer.status_code}")

    def send_claims(self, bodies: list[dict[str, Any]]) -> None:
        """Forward claims (once by their id at the centre), many to a request."""
        self._post("/v1/claims/batch", bodies)

    def send_notice(self, claim_id: str, month: str) -> None:
        """Forward a monthly job-search notice."""
        self._post(f"/v1/claims/{claim_id}/notices", {"month": month})

    def send_ground(self, claim_id: str, ground: str, occurred_on: str) -> None:
        """Send a termination ground the platform noticed."""
        self._post(
            "/v1/grounds", {"claim_id": claim_id, "ground": ground, "occurred_on": occurred_on}
        )


def connect() -> CentreClient | None:
    """A client of the configured centre, or None when none is configured."""
    settings = get_settings()
    if not settings.employment_centre_url:
        return None
    key = settings.employment_centre_api_key
    headers = {"X-API-Key": key.get_secret_value()} if key else {}
    return CentreClient(
        httpx.Client(base_url=settings.employment_centre_url, headers=headers, timeout=TIMEOUT)
    )
