"""HTTP client of the population register (sandbox.population): the platform's only way in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import httpx

from ansinh.core.config import get_settings

Verdict = Literal["match", "partial", "mismatch"]
TIMEOUT_SECONDS = 10.0


class RegisterUnavailable(RuntimeError):
    """The register did not answer, or answered with an error the caller cannot fix."""


@dataclass(frozen=True)
class Verification:
    """The register's answer to a verification request."""

    found: bool
    full_name: Verdict | None = None
    date_of_birth: Verdict | None = None
    sex: Verdict | None = None

    @property
    def all_match(self) -> bool:
        """True when the ID exists and name, date of birth (at the precision sent) and sex agree."""
        return (
            self.found
            and self.full_name == "match"
            and self.date_of_birth in ("match", "partial")
            and self.sex == "match"
        )


class RegisterClient:
    """Calls the register's API with the platform's API key over an httpx client."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def verify(
        self, *, personal_id: str, full_name: str, date_of_birth: str, sex: str
    ) -> Verification:
        """Ask which of name, date of birth and sex agree with the register for a personal ID."""
        body = {
            "personal_id": personal_id,
            "full_name": full_name,
            "date_of_birth": date_of_birth,
            "sex": sex,
        }
        answer = self._post("/v1/verify", body)
        return Verification(
            found=bool(answer["found"]),
            full_name=answer.get("full_name"),
            date_of_birth=answer.get("date_of_birth"),
            sex=answer.get("sex"),
        )

    def lookup(self, *, personal_id: str) -> dict[str, Any] | None:
        """Return the register's record of a personal ID, or None if it holds none."""
        try:
            response = self._http.post("/v1/citizens/lookup", json={"personal_id": personal_id})
        except httpx.HTTPError as error:
            raise RegisterUnavailable(f"population register unreachable: {error}") from None
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        return _json(response)

    def changes(self, *, after: int, limit: int) -> dict[str, Any]:
        """The change feed's events after sequence number `after` (`items`, `next_after`)."""
        try:
            response = self._http.get("/v1/changes", params={"after": after, "limit": limit})
        except httpx.HTTPError as error:
            raise RegisterUnavailable(f"population register unreachable: {error}") from None
        return _json(response)

    def download_extract(self, path: Path, *, batch_size: int = 50_000) -> int:
        """Stream the bulk extract (Parquet) into `path` chunk by chunk; return bytes written."""
        params: dict[str, str | int] = {"format": "parquet", "batch_size": batch_size}
        written = 0
        try:
            with (
                self._http.stream("GET", "/v1/extract", params=params) as response,
                path.open("wb") as file,
            ):
                _raise_for(response)
                for chunk in response.iter_bytes():
                    written += file.write(chunk)
        except httpx.HTTPError as error:
            raise RegisterUnavailable(f"population register unreachable: {error}") from None
        return written

    def _post(self, route: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._http.post(route, json=body)
        except httpx.HTTPError as error:
            raise RegisterUnavailable(f"population register unreachable: {error}") from None
        return _json(response)


def _raise_for(response: httpx.Response) -> None:
    if response.status_code >= httpx.codes.BAD_REQUEST:
        response.read()
        # The route and status only: the body may echo identity data.
        raise RegisterUnavailable(
            f"population register answered {response.status_code} to {response.url.path}"
        )


def _json(response: httpx.Response) -> dict[str, Any]:
    _raise_for(response)
    body: dict[str, Any] = response.json()
    return body


@cache
def connect() -> RegisterClient | None:
    """Return a client of the configured register, or None when none is configured."""
    settings = get_settings()
    if settings.population_register_url is None or settings.population_register_key is None:
        return None
    http = httpx.Client(
        base_url=settings.population_register_url,
        headers={"X-API-Key": settings.population_register_key.get_secret_value()},
        timeout=TIMEOUT_SECONDS,
    )
    return RegisterClient(http)
