"""A sandbox e-ID with a small synthetic population and one registered client."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest
from joserfc.jwk import ECKey
from starlette.testclient import TestClient

from sandbox.eid.app import create_eid_app
from sandbox.eid.provider import Provider
from sandbox.eid.store import CitizenStore, RegisteredClient
from tests.sandbox.eid.kit import new_key, public_jwks

ISSUER = "https://eid.test"
CLIENT_ID = "rp-test"
REDIRECT_URI = "https://rp.test/callback"


@cache
def citizens() -> CitizenStore:
    """A small synthetic population (generated once per run)."""
    return CitizenStore.synthetic(people=60, seed=11, province="79")


@pytest.fixture()
def client_key() -> ECKey:
    """The registered client's private key."""
    return new_key()


@pytest.fixture()
def provider(client_key: ECKey) -> Provider:
    """A provider with one registered confidential client."""
    client = RegisteredClient(
        client_id=CLIENT_ID,
        name="Test relying party",
        redirect_uris=(REDIRECT_URI,),
        post_logout_redirect_uris=("https://rp.test/",),
        jwks=public_jwks(client_key),
        scopes=frozenset({"openid", "profile", "vss.si_book"}),
        audiences=("ansinh",),
    )
    return Provider(issuer=ISSUER, store=citizens(), clients=[client])


@pytest.fixture()
def eid(provider: Provider) -> Iterator[TestClient]:
    """HTTP access to the provider."""
    with TestClient(create_eid_app(provider), base_url=ISSUER) as http:
        yield http
