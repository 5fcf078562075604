"""The employment centre sandbox and the platform talking over HTTP, in the test's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.security.actor import Actor
from ansinh.payments.models import Schedule
from ansinh.unemployment import sending, service
from ansinh.unemployment.centre_client import CentreClient
from ansinh.unemployment.models import Claim, Entitlement, InboxEntry
from ansinh.unemployment.schemas import ClaimIn
from sandbox.database import conninfo
from sandbox.employment import notify
from sandbox.employment import store as centre_store
from sandbox.employment.app import create_app as centre_app
from sandbox.factory import key_hash
from tests.benefits.claims.conftest import UNIT, Insure, insure  # noqa: F401  (fixture)
from tests.conftest import api_headers
from tests.deliver import deliver_recorded

CALLBACK = "http://testserver/api/v1/unemployment/notify"
CENTRE_KEY = "centre-test-key"
CITIZEN = Actor(kind="citizen", id="citizen")
TODAY = date(2026, 11, 2)
TERMINATED = date(2026, 10, 15)
_EMPLOYER = """
INSERT INTO employers (unit_code, tax_code, name, province_code, wage_region)
VALUES (:unit, '0300000001', 'Công ty Thử nghiệm', '79', 'I') ON CONFLICT DO NOTHING
"""
_EMPLOYMENT = """
INSERT INTO employments (si_number, unit_code, start_date, end_date, contract_type)
VALUES (:si, :unit, DATE '2020-01-01', :ended, 'indefinite')
"""


@dataclass
class Cycle:
    """The centre sandbox, the platform it notifies, and the test's session."""

    centre: centre_store.Centre
    http: TestClient
    client: TestClient
    db_session: Session
    insure: Insure

    def claimant(self, *, ended: date = TERMINATED, salary: int = 12_000_000) -> str:
        """A person whose UI months run to the month they were laid off; their SI number."""
        si = self.insure(first=date(2020, 1, 1), last=ended, salary=salary)
        self.db_session.execute(text(_EMPLOYER), {"unit": UNIT})
        self.db_session.execute(text(_EMPLOYMENT), {"si": si, "unit": UNIT, "ended": ended})
        return si

    def file(self, si: str, *, terminated_on: date = TERMINATED, province: str = "79") -> Claim:
        """File a claim on the portal (as the citizen) and send it to the centre."""
        with clock.frozen_at(TODAY):
            claim = service.file_claim(
                db_session=self.db_session,
                si_number=si,
                claim_in=ClaimIn(terminated_on=terminated_on, province_code=province),
                actor=CITIZEN,
                purpose="citizen's claim",
            )
        self.send()
        return claim

    def send(self) -> int:
        """What a send job would do: claims, notices and grounds to the centre."""
        out = sending.outgoing(db_session=self.db_session)
        sent = sending.send(CentreClient(self.http), out)
        sending.mark_sent(db_session=self.db_session, sent=sent)
        return len(sent)

    def act(self, path: str, body: dict[str, Any]) -> Any:
        """A centre officer's action; its answer."""
        answer = self.http.post(path, json=body)
        assert answer.status_code < 300, answer.text
        return answer.json()

    def assess(self, claim: Claim, amount: int | None = None) -> Any:
        """The centre asks for the record and issues its decision."""
        return self.act(f"/v1/claims/{claim.claim_id}/assess", {"amount": amount})

    def decide(self, claim: Claim, kind: str, month: date, **more: Any) -> Any:
        """An officer's later decision on the claim."""
        body = {"kind": kind, "month": month.isoformat()} | more
        return self.act(f"/v1/claims/{claim.claim_id}/decisions", body)

    def deliver(self, *, later: timedelta = timedelta(), batch: int = 1) -> tuple[int, int]:
        """Let the centre deliver what is due (`later` from now, `batch` to a message); apply
        it as a worker would."""
        result = notify.deliver_due(
            self.centre, self.client, CALLBACK, now=datetime.now(UTC) + later, batch=batch
        )
        self.work()
        return result

    def work(self) -> None:
        """Handle pending inbox entries and deliver recorded events, until nothing moves."""
        while True:
            pending = self.db_session.scalars(
                select(InboxEntry.inbox_id).where(InboxEntry.state == "pending")
            ).all()
            for inbox_id in pending:
                service.handle(db_session=self.db_session, inbox_id=inbox_id)
            if not pending and not deliver_recorded(self.db_session):
                return

    def entitlements(self, claim: Claim) -> list[Entitlement]:
        """The claim's entitlements, oldest first."""
        return list(
            self.db_session.scalars(
                select(Entitlement)
                .where(Entitlement.claim_id == claim.claim_id)
                .order_by(Entitlement.first_month)
            )
        )

    def schedule(self, entitlement: Entitlement) -> Schedule | None:
        """The payment schedule of an entitlement, fresh."""
        return self.db_session.get(Schedule, entitlement.entitlement_id, populate_existing=True)

    def entries(self) -> list[InboxEntry]:
        """Every inbox entry, oldest first."""
        return list(self.db_session.scalars(select(InboxEntry).order_by(InboxEntry.inbox_id)))


@pytest.fixture()
def cycle(
    database_url: str,
    client: TestClient,
    db_session: Session,
    insure: Insure,  # noqa: F811
) -> Iterator[Cycle]:
    """A centre of its own (fresh schema) whose decisions reach the platform's inbox."""
    client.headers.update(api_headers(db_session, "unemployment:records", client_id="centre-79"))
    held = centre_store.Centre(conninfo(database_url), schema=f"employment_{uuid.uuid4().hex[:12]}")
    app = centre_app(
        held,
        platform=client,
        notifier=client,
        callback_url=CALLBACK,
        clients={key_hash(CENTRE_KEY): "vss"},
        deliver_every=None,
    )
    with TestClient(app, headers={"X-API-Key": CENTRE_KEY}) as http:
        jwks = http.get("/.well-known/jwks.json").json()
        service.add_centre(db_session=db_session, centre_id=notify.SENDER, jwks=jwks)
        yield Cycle(held, http, client, db_session, insure)
