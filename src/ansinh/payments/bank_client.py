"""HTTP client of the paying bank (sandbox.bank): name inquiry, payment files, its reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import httpx

from ansinh.core.config import get_settings

TIMEOUT_SECONDS = 30.0
AccountStatus = Literal["active", "closed", "blocked"]


class BankUnavailable(RuntimeError):
    """The bank did not answer, or answered with an error the caller cannot fix."""


@dataclass(frozen=True)
class Holder:
    """The bank's answer to an account-name inquiry."""

    name: str
    status: AccountStatus


@dataclass(frozen=True)
class Report:
    """One message of the bank's outbox: a pain.002, camt.054 or camt.053."""

    seq: int
    kind: str
    xml: str


class BankClient:
    """The bank's API at `base_url`, authenticated with `api_key` (X-API-Key)."""

    def __init__(self, base_url: str, api_key: str, transport: httpx.BaseTransport | None = None):
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"X-API-Key": api_key},
            timeout=TIMEOUT_SECONDS,
            transport=transport,
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise BankUnavailable(f"bank unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code in (401, 403):
            raise BankUnavailable(f"bank answered {response.status_code} to {method} {path}")
        return response

    def name_inquiry(self, *, bin_code: str, account: str) -> Holder | None:
        """The holder's name and account status, or None when the bank knows no such account."""
        response = self._call(
            "POST", "/v1/name-inquiry", json={"bin": bin_code, "account": account}
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        body = response.json()
        return Holder(name=str(body["holder"]), status=body["status"])

    def submit_file(self, xml: bytes) -> tuple[str, str]:
        """Send a pain.001 file; (file id, MsgId). Resending the same MsgId returns the same id."""
        response = self._call(
            "POST",
            "/v1/payment-files",
            content=xml,
            headers={"Content-Type": "application/xml"},
        )
        if response.status_code not in (200, 202):
            raise BankUnavailable(f"bank refused the file: {response.status_code} {response.text}")
        body = response.json()
        return str(body["file_id"]), str(body["msg_id"])

    def messages(self, *, after: int, limit: int = 100) -> tuple[list[Report], int]:
        """The bank's reports after sequence `after`, and the sequence to ask after next."""
        response = self._call("GET", "/v1/messages", params={"after": after, "limit": limit})
        response.raise_for_status()
        body = response.json()
        reports = [Report(int(m["seq"]), str(m["type"]), str(m["xml"])) for m in body["messages"]]
        return reports, int(body.get("next") or after)


def connect() -> BankClient | None:
    """A client of the configured bank, or None when no bank is configured."""
    settings = get_settings()
    if not settings.bank_url:
        return None
    key = settings.bank_api_key.get_secret_value() if settings.bank_api_key else ""
    return BankClient(settings.bank_url, key)
