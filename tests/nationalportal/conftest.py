"""The national portal sandbox filing into the platform, and the platform reporting back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.geo import communes_of
from ansinh.nationalportal import jobs
from ansinh.nationalportal.client import PortalClient
from sandbox.database import conninfo
from sandbox.factory import key_hash
from sandbox.nationalportal import store
from sandbox.nationalportal.app import create_app
from tests.conftest import api_headers
from tests.contributions.conftest import register

REPORT_KEY = "agency-report-key"


class Flaky(httpx.BaseTransport):
    """The portal behind a network that fails the first `failures` calls with a 503."""

    def __init__(self, portal: TestClient, failures: int) -> None:
        self.portal, self.failures, self.calls = portal, failures, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Fail while failures are left, then pass the call to the portal."""
        self.calls += 1
        if self.failures:
            self.failures -= 1
            return httpx.Response(503, request=request)
        answer: httpx.Response = self.portal.request(
            request.method, request.url.path, content=request.content, headers=request.headers
        )
        return answer


@dataclass
class Link:
    """The portal sandbox, the platform it forwards to, and a worker's report job."""

    portal: TestClient
    platform: TestClient
    db_session: Session
    store: store.Portal
    si_number: str
    commune: tuple[str, str] = field(default=("", ""))

    def file(self) -> str:
        """A citizen files a change of address at the portal; the dossier number."""
        form = {
            "service_code": "1.014162",
            "si_number": self.si_number,
            "province_code": self.commune[0],
            "commune_code": self.commune[1],
            "street": "12 Lê Lợi",
        }
        answer = self.portal.post("/dossiers", data=form, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        return str(answer.headers["location"]).rsplit("/", 1)[1]

    def client(self, failures: int = 0) -> tuple[PortalClient, Flaky]:
        """The platform's client of the portal, over a network failing `failures` times."""
        transport = Flaky(self.portal, failures)
        return PortalClient("http://testserver", REPORT_KEY, transport=transport), transport


@pytest.fixture()
def link(
    client: TestClient,
    db_session: Session,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Link]:
    """A fresh portal schema, the platform with a client key for it, a registered citizen."""

    @contextmanager
    def _unit_of_work() -> Iterator[Session]:
        with db_session.begin_nested():
            yield db_session

    monkeypatch.setattr(jobs, "unit_of_work", _unit_of_work)
    headers = api_headers(db_session, "nationalportal:file", client_id="national-portal")
    client.headers["Authorization"] = headers["Authorization"]
    portal_store = store.Portal(conninfo(database_url), schema=f"np_{uuid.uuid4().hex[:12]}")
    app = create_app(portal_store, agency=client, clients={key_hash(REPORT_KEY): "vss"})
    si_number = register(db_session, "Phạm Thị Lan", date(1988, 3, 9))
    commune = communes_of("79")[0]
    with TestClient(app) as portal:
        yield Link(portal, client, db_session, portal_store, si_number, ("79", commune.code))
