"""Routes of the civil registry sandbox: register, search, subscribe, JWKS, deliver now."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, HTTPException, Request

from sandbox.civil import notify, registrar, signing, store
from sandbox.civil.schemas import (
    BirthIn,
    DeathIn,
    Registered,
    Registration,
    SearchIn,
    Subscribed,
    SubscriptionIn,
)

router = APIRouter()


def database(request: Request) -> Iterator[store.Connection]:
    """A connection to the civil registry for one request."""
    registry: store.Registry = request.app.state.registry
    with registry.connect() as connection:
        yield connection


def caller(request: Request) -> str:
    """The authenticated client (the app's API-key dependency)."""
    authenticate = request.app.state.authenticate
    return str(authenticate(request, request.headers.get("X-API-Key")))


Db = Annotated[store.Connection, Depends(database)]
Caller = Annotated[str, Depends(caller)]


def _population(request: Request) -> httpx.Client:
    client: httpx.Client = request.app.state.population
    return client


def _refused(exc: registrar.RegisterRefused) -> HTTPException:
    return HTTPException(status_code=exc.status, detail=f"population register: {exc}")


@router.post("/v1/births", status_code=201, response_model=Registered)
def register_birth(body: BirthIn, request: Request, connection: Db, _: Caller) -> Registered:
    """Register a birth: the child gets a personal ID; subscribers are notified."""
    try:
        with connection.transaction():
            return registrar.register_birth(connection, _population(request), body)
    except registrar.RegisterRefused as exc:
        raise _refused(exc) from None


@router.post("/v1/deaths", status_code=201, response_model=Registered)
def register_death(body: DeathIn, request: Request, connection: Db, _: Caller) -> Registered:
    """Register a death: the person is marked dead; subscribers are notified."""
    try:
        with connection.transaction():
            return registrar.register_death(connection, _population(request), body)
    except registrar.RegisterRefused as exc:
        raise _refused(exc) from None


@router.post("/v1/registrations/search", response_model=list[Registration])
def search(body: SearchIn, connection: Db, _: Caller) -> list[dict[str, Any]]:
    """Fetch registrations again by event id or civil record id."""
    return store.registrations(connection, event_id=body.event_id, record_id=body.record_id)


@router.post("/v1/registrations/{event_id}/renotify", status_code=202)
def renotify(event_id: uuid.UUID, connection: Db, _: Caller) -> dict[str, int]:
    """Send a registration's notification again (subscribers must ignore the duplicate)."""
    return {"queued": store.requeue(connection, event_id)}


@router.post("/v1/subscriptions", status_code=201, response_model=Subscribed)
def subscribe(body: SubscriptionIn, connection: Db, client_id: Caller) -> Subscribed:
    """Subscribe a callback URL to every later birth and death (DCI `subscribe`)."""
    subscription_id = store.add_subscription(
        connection, subscriber=client_id, callback_url=str(body.callback_url)
    )
    return Subscribed(subscription_id=subscription_id)


@router.get("/.well-known/jwks.json")
def jwks(connection: Db) -> dict[str, Any]:
    """The public keys notifications are signed with."""
    return signing.jwks(signing.signing_key(connection))


@router.post("/v1/notifications/deliver")
def deliver_now(request: Request, _: Caller) -> dict[str, int]:
    """Try every due notification now (the background thread does it every second)."""
    delivered, failed = notify.deliver_due(request.app.state.registry, request.app.state.notifier)
    return {"delivered": delivered, "failed": failed}
