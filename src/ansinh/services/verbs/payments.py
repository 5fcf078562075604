"""Verb of payments: where a pension or benefit is paid (an account in the person's own name)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.core.text import fold
from ansinh.identity.banks import find_bank
from ansinh.payments import service as payments
from ansinh.payments.schemas import ChannelCreate
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.verbs import Done


def channel_check(
    *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
) -> None:
    """The bank must be in force, the number in its form, the account in the person's name."""
    bank = find_bank(str(answers["bank_bin"]))
    if bank is None:
        raise Unprocessable("bank_bin: not a bank that benefits can be paid into")
    if not bank.accepts(str(answers["account_number"])):
        raise Unprocessable("account_number: not an account number of this bank")
    person = registry.get_person(db_session=db_session, si_number=si_number)
    if fold(str(answers["account_holder"])) != fold(person.full_name):
        raise Unprocessable("account_holder: the account must be in your own name")


def channel_apply(
    *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
) -> Done:
    """Pay into the approved account from the next payroll month."""
    number = str(application.payload["account_number"])
    bin_code = str(application.payload["bank_bin"])
    bank = find_bank(bin_code)
    next_month = (clock.today().replace(day=1) + timedelta(days=32)).replace(day=1)
    payments.set_channel(
        db_session=db_session,
        si_number=application.si_number,
        change=ChannelCreate(
            kind="account",
            bank_bin=bin_code,
            account_number=number,
            holder=str(application.payload["account_holder"]),
            effective_from=next_month,
        ),
        bank=None,  # the name was checked against the person when the form was sent
        actor=actor,
        purpose=f"online service application {application.reference}",
        source="portal",
    )
    return Done(
        {
            "bank": bank.short_name if bank else bin_code,
            "account_ending": number[-4:],
            "effective_on": next_month.isoformat(),
        }
    )
