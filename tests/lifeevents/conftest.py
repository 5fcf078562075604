"""Life-event fixtures: the civil and population sandboxes notifying the platform's inbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.events.models import OutboxEvent
from ansinh.lifeevents import service
from ansinh.lifeevents.models import InboxEntry
from ansinh.registry.models import Person
from sandbox.civil import notify
from tests.deliver import deliver_recorded
from tests.health.conftest import (  # noqa: F401  (fixtures)
    clinic_headers,
    facilities,
    fresh_rate_limits,
    hi_client,
    make_insured,
    make_person,
)
from tests.sandbox.civil.conftest import Sandboxes, make_sandboxes

CALLBACK = "http://testserver/api/v1/lifeevents/notify"


@dataclass
class Chain:
    """The sandboxes, the platform they notify, and the test's session."""

    sandboxes: Sandboxes
    client: TestClient
    db_session: Session

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Register at the civil registry; its answer."""
        answer = self.sandboxes.http.post(path, json=body, headers=self.sandboxes.headers)
        assert answer.status_code == 201, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def deliver(self, *, later: timedelta = timedelta()) -> tuple[int, int]:
        """Let the civil registry deliver what is due (`later` from now)."""
        at = datetime.now(UTC) + later
        return notify.deliver_due(self.sandboxes.civil, self.client, now=at)

    def work(self) -> None:
        """Run what the worker would: handle open inbox entries, deliver events, until still."""
        while True:
            open_entries = self.db_session.scalars(
                select(InboxEntry.inbox_id).where(InboxEntry.state == "pending")
            ).all()
            for inbox_id in open_entries:
                service.handle(db_session=self.db_session, inbox_id=inbox_id)
            retried = [
                service.handle(db_session=self.db_session, inbox_id=i) for i in self.requeued()
            ]
            ran = deliver_recorded(self.db_session)
            if not open_entries and "done" not in retried and not ran:
                return

    def requeued(self) -> list[int]:
        """Waiting entries whose retry a job would run."""
        return list(
            self.db_session.scalars(
                select(InboxEntry.inbox_id).where(InboxEntry.state == "waiting")
            )
        )

    def entries(self) -> list[InboxEntry]:
        """Every inbox entry, oldest first."""
        return list(self.db_session.scalars(select(InboxEntry).order_by(InboxEntry.inbox_id)))

    def events(self, name: str) -> list[dict[str, Any]]:
        """The payloads of recorded events called `name`."""
        rows = self.db_session.scalars(select(OutboxEvent).where(OutboxEvent.name == name))
        return [row.payload for row in rows]

    def enrol(self, person: Person) -> None:
        """Put a platform person in the population register too."""
        assert person.personal_id is not None
        born = person.date_of_birth.isoformat()
        self.sandboxes.add_citizen(person.personal_id, person.full_name, born, person.sex)


@pytest.fixture()
def chain(database_url: str, client: TestClient, db_session: Session) -> Iterator[Chain]:
    """The civil registry notifying the platform, which holds the subscription."""
    for sandboxes in make_sandboxes(database_url, client):
        body = {"callback_url": CALLBACK}
        made = sandboxes.http.post("/v1/subscriptions", json=body, headers=sandboxes.headers)
        jwks = sandboxes.http.get("/.well-known/jwks.json").json()
        service.add_subscription(
            db_session=db_session,
            subscription_id=made.json()["subscription_id"],
            source="civil-registry",
            jwks=jwks,
        )
        yield Chain(sandboxes, client, db_session)
