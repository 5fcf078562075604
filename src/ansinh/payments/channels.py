"""Where each person is paid: own account (name checked with the bank), cash, or employer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.core.audit import service as audit
from ansinh.core.errors import Unprocessable
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.core.text import fold
from ansinh.geo import get_province
from ansinh.identity.banks import find_bank
from ansinh.payments.bank_client import BankClient, Holder
from ansinh.payments.models import Channel
from ansinh.payments.schemas import ChannelCreate
from ansinh.registry import service as registry
from ansinh.rules.store import parameter


def inquire(*, change: ChannelCreate, bank: BankClient | None) -> Holder | None:
    """Ask the bank who holds the account (call it holding no transaction); None: not asked.

    Unprocessable when the bank knows no such account or it cannot be paid into.
    """
    if change.kind != "account" or bank is None:
        return None
    _account_form(change)
    answer = bank.name_inquiry(bin_code=str(change.bank_bin), account=str(change.account_number))
    if answer is None:
        raise Unprocessable("account_number: the bank knows no such account")
    if answer.status != "active":
        raise Unprocessable(f"account_number: the account is {answer.status}")
    return answer


def check_account(*, change: ChannelCreate, full_name: str, bank: Holder | None) -> str | None:
    """The holder's name (the bank's, when asked); Unprocessable if not the person's account."""
    _account_form(change)
    holder = bank.name if bank is not None else change.holder
    if holder is None or fold(holder) != fold(full_name):
        raise Unprocessable("holder: the account must be in the beneficiary's own name")
    return holder


def _account_form(change: ChannelCreate) -> None:
    if change.bank_bin is None or change.account_number is None:
        raise Unprocessable("bank_bin, account_number: an account channel needs both")
    found = find_bank(change.bank_bin, change.effective_from)
    if found is None:
        raise Unprocessable("bank_bin: not a bank that benefits can be paid into")
    if not found.accepts(change.account_number):
        raise Unprocessable("account_number: not an account number of this bank")


def set_channel(
    *,
    db_session: Session,
    si_number: str,
    change: ChannelCreate,
    bank: Holder | None,
    actor: Actor,
    purpose: str,
    source: str,
) -> Channel:
    """Record where `si_number` is paid from `change.effective_from`; audited, checked.

    `bank` is the bank's answer to `inquire`, asked before the transaction (None: not asked)."""
    if change.effective_from.day != 1:
        raise Unprocessable("effective_from: a payroll month is given by its first day")
    person = registry.get_person(db_session=db_session, si_number=si_number)
    holder = None
    if change.kind == "account":
        holder = check_account(change=change, full_name=person.full_name, bank=bank)
    elif change.kind == "cash" and not change.place:
        raise Unprocessable("place: cash is paid at a named place")
    elif change.kind == "employer" and not change.unit_code:
        raise Unprocessable("unit_code: the employer that pays")
    channel = Channel(
        si_number=si_number,
        kind=change.kind,
        bank_bin=change.bank_bin if change.kind == "account" else None,
        account_number=change.account_number if change.kind == "account" else None,
        holder=holder,
        place=change.place if change.kind == "cash" else None,
        unit_code=change.unit_code if change.kind == "employer" else None,
        authorised_on=change.authorised_on,
        effective_from=change.effective_from,
        source=source,
        recorded_by=actor.id,
    )
    db_session.add(channel)
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action="update",
        resource="payments.channel",
        purpose=purpose,
    )
    db_session.flush()
    return channel


def reroute_to_cash(
    *, db_session: Session, si_number: str, province_code: str, month: date, reason: str
) -> Channel | None:
    """Pay `si_number` in cash at the province's post office from `month`, when the dated rule
    says `reason` (a bank's reject or return code) calls for it; None when it does not."""
    reasons = parameter("payments/reroute_to_cash_reasons").value_at(month)
    assert isinstance(reasons, list)
    if reason not in reasons:
        return None
    province = get_province(province_code, on=month)
    channel = Channel(
        si_number=si_number,
        kind="cash",
        place=f"Bưu điện {province.name}",
        effective_from=month,
        source="reroute",
        recorded_by=SYSTEM.id,
    )
    db_session.add(channel)
    audit.record(
        db_session=db_session,
        actor=SYSTEM,
        subjects=[si_number],
        action="update",
        resource="payments.channel",
        purpose=f"bank reason {reason}: paid in cash until a new account is given",
    )
    db_session.flush()
    return channel


def channel_in_force(*, db_session: Session, si_number: str, month: date) -> Channel | None:
    """The channel that pays `si_number` in `month` (unaudited: for other verbs)."""
    return db_session.scalars(
        select(Channel)
        .where(Channel.si_number == si_number, Channel.effective_from <= month)
        .order_by(Channel.effective_from.desc(), Channel.channel_id.desc())
        .limit(1)
    ).first()


CHANNEL_IN_FORCE_SQL = """
    SELECT DISTINCT ON (c.si_number) c.*
    FROM payment_channels c
    WHERE c.effective_from <= :month
    ORDER BY c.si_number, c.effective_from DESC, c.channel_id DESC
"""
"""Every person's channel in force in `:month` (set-based, for payroll)."""
