"""What the platform owes the centres (claims, notices, grounds), sent between transactions."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.registry import service as registry
from ansinh.unemployment.centre_client import CentreClient, CentreUnavailable
from ansinh.unemployment.models import Claim, Ground, Notice

log = logging.getLogger(__name__)
BATCH = 500


@dataclass
class Outgoing:
    """Claims (their bodies), notices (claim, month) and grounds (claim, ground, day) to send."""

    claims: list[dict[str, str]] = field(default_factory=list)
    notices: list[tuple[uuid.UUID, date]] = field(default_factory=list)
    grounds: list[tuple[uuid.UUID, str, date]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.claims) + len(self.notices) + len(self.grounds)


def outgoing(*, db_session: Session, limit: int = BATCH) -> Outgoing:
    """What is still to send, oldest first."""
    claims = db_session.scalars(
        select(Claim).where(Claim.forwarded_at.is_(None)).order_by(Claim.filed_on).limit(limit)
    ).all()
    persons = registry.get_persons(db_session=db_session, si_numbers=[c.si_number for c in claims])
    notices = db_session.execute(
        select(Notice.claim_id, Notice.month).where(Notice.forwarded_at.is_(None)).limit(limit)
    ).all()
    grounds = db_session.execute(
        select(Ground.claim_id, Ground.ground, Ground.occurred_on)
        .where(Ground.sent_at.is_(None))
        .limit(limit)
    ).all()
    return Outgoing(
        claims=[
            {
                "claim_id": str(c.claim_id),
                "province_code": c.province_code,
                "personal_id": persons[c.si_number].personal_id or "",
                "terminated_on": c.terminated_on.isoformat(),
                "filed_on": c.filed_on.isoformat(),
            }
            for c in claims
            if c.si_number in persons
        ],
        notices=[(n.claim_id, n.month) for n in notices],
        grounds=[(g.claim_id, g.ground, g.occurred_on) for g in grounds],
    )


def send(client: CentreClient, out: Outgoing) -> Outgoing:
    """Send each item (no transaction open); what the centre took. Failures wait for the next."""
    sent = Outgoing()
    if out.claims and _tried(client.send_claims, out.claims):
        sent.claims.extend(out.claims)
    for claim_id, month in out.notices:
        if _tried(client.send_notice, str(claim_id), month.isoformat()):
            sent.notices.append((claim_id, month))
    for claim_id, ground, day in out.grounds:
        if _tried(client.send_ground, str(claim_id), ground, day.isoformat()):
            sent.grounds.append((claim_id, ground, day))
    return sent


def _tried(call: Callable[..., None], *args: Any) -> bool:
    try:
        call(*args)
    except CentreUnavailable as exc:
        log.info("the centre did not take an item: %s", exc)
        return False
    return True


def mark_sent(*, db_session: Session, sent: Outgoing) -> None:
    """Record what the centre took: claims forwarded, notices forwarded, grounds sent."""
    at = clock.now()
    claim_ids = [uuid.UUID(c["claim_id"]) for c in sent.claims]
    if claim_ids:
        db_session.execute(
            update(Claim)
            .where(Claim.claim_id.in_(claim_ids))
            .values(
                forwarded_at=at,
                status=case((Claim.status == "filed", "forwarded"), else_=Claim.status),
            )
            .execution_options(synchronize_session="fetch")
        )
    for claim_id, month in sent.notices:
        db_session.execute(
            update(Notice)
            .where(Notice.claim_id == claim_id, Notice.month == month)
            .values(forwarded_at=at)
        )
    for claim_id, ground, _ in sent.grounds:
        db_session.execute(
            update(Ground)
            .where(Ground.claim_id == claim_id, Ground.ground == ground)
            .values(sent_at=at)
        )
    db_session.flush()
