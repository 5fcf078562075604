"""Payments test helpers: beneficiaries with channels and schedules, a run paid by a fake bank."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from typing import Any

import httpx
from sqlalchemy.orm import Session

from ansinh.core.security.actor import Actor
from ansinh.payments import channels, schedules
from ansinh.payments.bank_client import BankClient
from ansinh.payments.models import Schedule
from ansinh.payments.schemas import ChannelCreate, ScheduleCreate
from ansinh.registry.models import Person

MAKER = Actor(kind="officer", id="maker")
CHECKER = Actor(kind="officer", id="checker")
PROVINCE = "79"
_serials = itertools.count(1)


def make_person(db_session: Session, full_name: str = "Trần Văn Bình") -> Person:
    """Register a person (SI numbers starting 97)."""
    person = Person(
        si_number=f"97{next(_serials):08d}",
        full_name=full_name,
        date_of_birth=date(1960, 5, 1),
        sex="M",
        province_code=PROVINCE,
    )
    db_session.add(person)
    db_session.flush()
    return person


def names_bank(holders: dict[tuple[str, str], tuple[str, str]]) -> BankClient:
    """A bank whose name inquiry answers from `holders`: (bin, account) -> (name, status)."""

    def answer(request: httpx.Request) -> httpx.Response:
        import json

        asked = json.loads(request.content)
        found = holders.get((asked["bin"], asked["account"]))
        if found is None:
            return httpx.Response(404, json={"detail": "unknown account"})
        return httpx.Response(200, json={"holder": found[0], "status": found[1]})

    return BankClient("http://bank.test", "key", transport=httpx.MockTransport(answer))


def pay_into_account(
    db_session: Session,
    person: Person,
    *,
    account: str = "0123456789",
    bin_code: str = "970436",
    month: date = date(2026, 1, 1),
) -> None:
    """Give `person` an account channel from `month` (the holder's name as the bank has it)."""
    bank = names_bank({(bin_code, account): (person.full_name.upper(), "active")})
    change = ChannelCreate(
        kind="account", bank_bin=bin_code, account_number=account, effective_from=month
    )
    channels.set_channel(
        db_session=db_session,
        si_number=person.si_number,
        change=change,
        bank=channels.inquire(change=change, bank=bank),
        actor=MAKER,
        purpose="test",
        source="officer",
    )


def pay_in_cash(db_session: Session, person: Person, month: date = date(2026, 1, 1)) -> None:
    """Give `person` a cash channel at a post office from `month`."""
    channels.set_channel(
        db_session=db_session,
        si_number=person.si_number,
        change=ChannelCreate(kind="cash", place="Bưu điện Bến Thành", effective_from=month),
        bank=None,
        actor=MAKER,
        purpose="test",
        source="officer",
    )


def make_schedule(db_session: Session, person: Person, **fields: Any) -> Schedule:
    """A monthly pension of 5,000,000 VND from 2026-01 (granted 2025-12-01) unless told."""
    values: dict[str, Any] = {
        "schedule_id": uuid.uuid4(),
        "si_number": person.si_number,
        "province_code": PROVINCE,
        "amount": 5_000_000,
        "start": date(2026, 1, 1),
        "granted_on": date(2025, 12, 1),
        "area": "urban",
        "proof_of_life_on": date(2026, 1, 1),
    } | fields
    return schedules.create_schedule(db_session=db_session, schedule=ScheduleCreate(**values))
