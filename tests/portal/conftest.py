"""Portal fixtures: a synthetic population in the registry and in a sandbox e-ID, and a browser.

The sandbox e-ID and the registry are filled from the same generator run (as `ansinh demo` does);
the portal reaches the sandbox through an httpx client whose transport is the sandbox app.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy.orm import Session

from ansinh.contributions.jobs import seed_history
from ansinh.core import config, db
from ansinh.eid.client import EidClient, get_eid_client
from ansinh.eid.keys import client_key, public_jwks
from ansinh.health.models import Card
from ansinh.lifeevents.models import Birth
from ansinh.registry.jobs import load_dataset
from ansinh.synth import Dataset, generate, write
from sandbox.eid.app import create_eid_app
from sandbox.eid.provider import Provider
from sandbox.eid.store import CitizenStore, RegisteredClient
from tests.health.conftest import make_person
from tests.sandbox.eid.kit import log_in, new_key
from tests.sandbox.eid.kit import public_jwks as jwks_of

PORTAL = "https://testserver"
EID_APP = "vneid-app"


@cache
def dataset() -> Dataset:
    """A small synthetic province, generated once per run."""
    return generate(people=60, seed=11, province="79")


@cache
def _dataset_dir() -> Path:
    """The synthetic province as CSV files, written once per process and removed at its exit."""
    directory = Path(tempfile.mkdtemp(prefix="ansinh-portal-synth-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    write(dataset(), directory, "csv")
    return directory


@dataclass(frozen=True)
class Citizen:
    """A synthetic person present both in the registry and at the e-ID."""

    personal_id: str
    si_number: str
    full_name: str


def _workers() -> list[Citizen]:
    data = dataset()
    employed = set(data.employments.column("si_number").to_pylist())
    store = CitizenStore.synthetic(people=60, seed=11, province="79")
    picks = {c.personal_id for c in store.sample(60)}
    rows: list[dict[str, Any]] = data.persons.to_pylist()
    return [
        Citizen(r["personal_id"], r["si_number"], r["full_name"])
        for r in rows
        if r["si_number"] in employed and r["personal_id"] in picks
    ]


HISTORY_THROUGH = date(2026, 10, 1)


@pytest.fixture()
def population(db_session: Session) -> list[Citizen]:
    """Load the synthetic province and two years of paid contributions; return insured people."""
    load_dataset(connection=db_session.connection(), directory=_dataset_dir())
    seed_history(db_session=db_session, through=HISTORY_THROUGH)
    return _workers()


@pytest.fixture()
def alice(population: list[Citizen]) -> Citizen:
    """An insured citizen with employments."""
    return population[0]


@pytest.fixture()
def bob(population: list[Citizen]) -> Citizen:
    """Another insured citizen."""
    return population[1]


@pytest.fixture(scope="session")
def eid_app_key() -> ECKey:
    """The e-ID app's client key at the provider."""
    return new_key()


@pytest.fixture()
def provider(eid_app_key: ECKey) -> Provider:
    """The sandbox e-ID with the portal and the e-ID app registered as clients."""
    settings = config.get_settings()
    portal = settings.portal_base_url
    issuer = settings.eid_issuer_url
    assert portal and issuer
    clients = [
        RegisteredClient(
            client_id=settings.eid_client_id,
            name="ansinh portal",
            redirect_uris=(f"{portal}/auth/callback",),
            post_logout_redirect_uris=(f"{portal}/",),
            jwks=public_jwks(),
        ),
        RegisteredClient(
            client_id=EID_APP,
            name="VNeID app",
            redirect_uris=("vneid://callback",),
            jwks=jwks_of(eid_app_key),
            scopes=frozenset(
                {
                    "openid",
                    "profile",
                    "vss.si_book",
                    "vss.hi_card",
                    "vss.claims",
                    "vss.payments",
                    "vss.children",
                }
            ),
            audiences=("ansinh",),
        ),
    ]
    return Provider(
        issuer=issuer,
        store=CitizenStore.synthetic(people=60, seed=11, province="79"),
        clients=clients,
    )


@pytest.fixture()
def eid(provider: Provider) -> Iterator[TestClient]:
    """HTTP access to the sandbox e-ID (for the browser's steps and the portal's back channel)."""
    with TestClient(create_eid_app(provider), base_url=provider.issuer) as http:
        yield http


def eid_client(http: TestClient, key: ECKey | None = None) -> EidClient:
    """The portal's relying-party client, speaking HTTP to the sandbox."""
    settings = config.get_settings()
    assert settings.eid_issuer_url
    return EidClient(
        issuer=settings.eid_issuer_url,
        client_id=settings.eid_client_id,
        key=key or client_key(),
        http=http,
    )


@pytest.fixture()
def portal_app(db_session: Session, eid: TestClient) -> FastAPI:
    """The platform app sharing the test's session, with its e-ID client wired to the sandbox."""
    from ansinh.app import create_app

    app = create_app()

    def _session() -> Iterator[Session]:
        yield db_session
        db_session.commit()

    app.dependency_overrides[db.get_db] = _session
    app.dependency_overrides[get_eid_client] = lambda: eid_client(eid)
    return app


@pytest.fixture()
def browser(portal_app: FastAPI) -> Iterator[TestClient]:
    """A browser on the portal (https, so Secure cookies are kept)."""
    with TestClient(portal_app, base_url=PORTAL, raise_server_exceptions=False) as http:
        yield http


def start_login(browser: TestClient, *, level: int = 1, next_path: str = "/") -> str:
    """Ask the portal to log in; return the provider's authorize URL."""
    response = browser.get(
        "/auth/login", params={"next": next_path, "level": level}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def login(
    browser: TestClient,
    eid: TestClient,
    citizen: Citizen | str,
    *,
    acr: str = "LoA1",
    level: int = 1,
) -> Any:
    """Log in through the sandbox e-ID; return the portal's answer to the callback."""
    personal_id = citizen if isinstance(citizen, str) else citizen.personal_id
    back = log_in(eid, start_login(browser, level=level), personal_id, acr)
    return browser.get(f"/auth/callback?{back.split('?', 1)[1]}", follow_redirects=False)


def csrf_of(page: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def officer_login(browser: TestClient, username: str, password: str, **kwargs: Any) -> Any:
    """Post the officer login form as a browser does: with the form's CSRF token."""
    token = csrf_of(browser.get("/officer/login").text)
    data = {"username": username, "password": password, "csrf": token}
    return browser.post("/officer/login", data=data, **kwargs)


def make_child_of(db_session: Session, mother_si_number: str) -> str:
    """A child the civil registry linked to the mother, with a TE card, and a stranger's child."""
    born = date(2026, 11, 20)
    child = make_person(db_session, full_name="Trần Minh An", date_of_birth=born, sex="M")
    stranger = make_person(db_session, full_name="Lê Văn Khác", date_of_birth=born, sex="M")
    db_session.add_all(
        [
            Birth(
                child_si_number=child.si_number,
                record_id="KS-1",
                date_of_birth=born,
                mother_si_number=mother_si_number,
            ),
            Birth(child_si_number=stranger.si_number, record_id="KS-2", date_of_birth=born),
            Card(
                si_number=child.si_number,
                object_code="TE",
                benefit_level=1,
                province_code="79",
                valid_from=born,
                valid_to=date(2032, 11, 19),
            ),
        ]
    )
    db_session.flush()
    return child.si_number
