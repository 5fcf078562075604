"""Clinic callers: an API client bound to one facility, with a per-client rate limit.

A clinic's client id names its facility the way gateway accounts do: `79011_BV` acts for facility
79011. Asking about another facility is refused (403). The rate limit is a token bucket per client
id kept in process memory (`hi_rate_per_second`, `hi_rate_burst`) and split between the server
processes (`workers`): each holds 1/N of the rate and burst, so N processes together never let a
client past its limit, at no cost on the hot path. A client whose connections all reach one
process gets its share only; a shared limiter (in PostgreSQL or a proxy) would lift that.

On the hot path the key is checked by `core.security.service.authenticate` once, then remembered
(by its SHA-256) for AUTH_TTL seconds: a clinic's checks skip that query, and a revoked or
re-scoped client is refused within AUTH_TTL. Unknown keys are never remembered.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass
from functools import cache
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from ansinh.core.config import get_settings
from ansinh.core.errors import Forbidden, ProblemError, Unauthorized
from ansinh.core.security import service
from ansinh.core.security.actor import Actor
from ansinh.health.eligibility.checks import Checks, SessionOpener

ELIGIBILITY_SCOPE = "hi:eligibility"
AUTH_TTL = 30.0
MAX_REMEMBERED = 100_000
bearer = HTTPBearer(auto_error=False, description="API client key")
_FACILITY_CLIENT = re.compile(r"^(\d{5})_")


class TooManyRequests(ProblemError):
    """The client has used up its rate limit."""

    status = 429
    title = "Too many requests"

    def __init__(self, retry_after: float) -> None:
        super().__init__(
            "this client's rate limit is used up; retry later", retry_after=round(retry_after, 2)
        )


@dataclass(frozen=True)
class Clinic:
    """An authenticated clinic client and the facility it acts for (None if not bound)."""

    actor: Actor
    facility_code: str | None

    def require_facility(self, facility_code: str) -> None:
        """Refuse to act for a facility other than the client's own."""
        if facility_code != self.facility_code:
            raise Forbidden(f"this client may not check cards for facility {facility_code}")


def facility_of(client_id: str) -> str | None:
    """The facility a client id names (`79011_BV` → 79011), if any."""
    match = _FACILITY_CLIENT.match(client_id)
    return match.group(1) if match else None


class RateLimiter:
    """Token buckets per client: `rate` tokens a second, holding at most `burst`."""

    def __init__(self, *, rate: float, burst: int) -> None:
        self._rate, self._burst = rate, float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client_id: str) -> float:
        """Spend one token; return 0 if allowed, else the seconds until one is available."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(client_id, (self._burst, now))
            tokens = min(self._burst, tokens + (now - then) * self._rate)
            if tokens < 1:
                self._buckets[client_id] = (tokens, now)
                return (1 - tokens) / self._rate
            self._buckets[client_id] = (tokens - 1, now)
            return 0.0


@cache
def rate_limiter() -> RateLimiter:
    """This process's limiter: its share of the configured rate and burst."""
    settings = get_settings()
    return RateLimiter(
        rate=settings.hi_rate_per_second / settings.workers,
        burst=max(1, settings.hi_rate_burst // settings.workers),
    )


def admit(actor: Actor) -> Clinic:
    """Apply the rate limit and bind the client to its facility."""
    wait = rate_limiter().take(actor.id)
    if wait:
        raise TooManyRequests(wait)
    return Clinic(actor=actor, facility_code=facility_of(actor.id))


_known: dict[str, tuple[Actor, float]] = {}


def _authenticate(sessions: SessionOpener, key: str) -> Actor | None:
    with sessions() as db_session:
        client = service.authenticate(db_session=db_session, key=key)
    return None if client is None else Actor("client", client.client_id, frozenset(client.scopes))


async def _actor(sessions: SessionOpener, key: str) -> Actor:
    digest = hashlib.sha256(key.encode()).hexdigest()
    now = time.monotonic()
    remembered = _known.get(digest)
    if remembered is not None and remembered[1] > now:
        return remembered[0]
    actor = await run_in_threadpool(_authenticate, sessions, key)
    if actor is None:
        raise Unauthorized("the API key is unknown or revoked")
    if len(_known) >= MAX_REMEMBERED:
        _known.clear()
    _known[digest] = (actor, now + AUTH_TTL)
    return actor


async def current_clinic(
    checks: Checks,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Clinic:
    """The calling clinic (401 unknown key, 403 missing scope, 429 over its rate)."""
    if credentials is None:
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    actor = await _actor(checks.sessions, credentials.credentials)
    if not actor.can(ELIGIBILITY_SCOPE):
        raise Forbidden(f"this action needs the scope {ELIGIBILITY_SCOPE!r}")
    return admit(actor)


ClinicCaller = Annotated[Clinic, Depends(current_clinic)]
