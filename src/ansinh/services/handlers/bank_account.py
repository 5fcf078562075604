"""Registering the bank account that benefits are paid into: needs a level-2 e-ID login.

An officer reviews it; the approved account becomes the person's payment channel from the next
payroll month (`payments.service.set_channel`, audited there).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
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
from ansinh.services.schemas import OnlineService


class Form(BaseModel):
    """The account: bank (chosen by name, sent as its 6-digit NAPAS BIN), number, holder's name."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    bank_bin: Annotated[str, Field(pattern=r"^\d{6}$")]
    account_number: Annotated[str, Field(pattern=r"^\d{6,19}$")]
    account_holder: Annotated[str, Field(min_length=2, max_length=100)]


def check(*, db_session: Session, si_number: str, form: Form) -> None:
    """The bank must be in force, the number in its form, the account in the person's name."""
    bank = find_bank(form.bank_bin)
    if bank is None:
        raise Unprocessable("bank_bin: not a bank that benefits can be paid into")
    if not bank.accepts(form.account_number):
        raise Unprocessable("account_number: not an account number of this bank")
    person = registry.get_person(db_session=db_session, si_number=si_number)
    if fold(form.account_holder) != fold(person.full_name):
        raise Unprocessable("account_holder: the account must be in your own name")


def apply(*, db_session: Session, application: Application, actor: Actor) -> dict[str, Any]:
    """Pay benefits into the approved account from the next payroll month."""
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
        purpose="online service BANK-ACCOUNT approved",
        source="portal",
    )
    return {
        "bank_bin": bin_code,
        "bank": bank.short_name if bank else bin_code,
        "account_ending": number[-4:],
        "effective_on": next_month.isoformat(),
    }


SERVICE = OnlineService(
    code="BANK-ACCOUNT",
    name={
        "vi": "Đăng ký tài khoản nhận lương hưu, trợ cấp BHXH",
        "en": "Bank account for pension and benefit payments",
    },
    summary={
        "vi": "Cần đăng nhập tài khoản định danh điện tử mức 2.",
        "en": "Needs a level-2 national e-ID login.",
    },
    level="full-process",
    channels=("portal", "eid_app"),
    domain="registry",
    min_level=2,
    form=Form,
    check=check,
    apply=apply,
)
