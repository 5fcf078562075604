"""Confirmation of the contribution record: a signed statement of the person's SI book.

Decided automatically; the result is a compact JWS signed with the platform key
(ansinh.core.signing), which anyone can check offline against the platform's public keys.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from ansinh.contributions.book.service import read_si_book
from ansinh.core import clock, signing
from ansinh.core.clock import today
from ansinh.core.security.actor import Actor
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.schemas import OnlineService

DOCUMENT_TYPE = "ansinh.contribution-record"


class Form(BaseModel):
    """Nothing to fill in: the record is the agency's."""

    model_config = ConfigDict(extra="forbid")


def check(*, db_session: Session, si_number: str, form: Form) -> None:  # noqa: ARG001
    """The person must be registered (an empty record is confirmed as empty)."""
    registry.get_person(db_session=db_session, si_number=si_number)


def apply(*, db_session: Session, application: Application, actor: Actor) -> dict[str, Any]:
    """Sign the SI book as it stands today."""
    book = read_si_book(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        purpose=f"confirmation of contribution record {application.reference}",
        on=today(),
    )
    claims = {
        "typ": DOCUMENT_TYPE,
        "iss": "ansinh",
        "iat": int(clock.now().timestamp()),
        "ref": application.reference,
        "si_number": book.si_number,
        "name": book.full_name,
        "dob": book.date_of_birth.isoformat(),
        "as_of": book.on.isoformat(),
        "source": book.source,
        "total_months": book.total_months,
        "owed_months": book.owed_months,
        "periods": [
            {
                "scheme": p.scheme,
                "unit_code": p.unit_code,
                "employer": p.employer,
                "from": p.start.isoformat(),
                "to": p.end.isoformat(),
                "salary": p.salary,
                "counted": p.counted,
            }
            for p in book.periods
        ],
    }
    return {"document": signing.sign(claims), "total_months": book.total_months}


SERVICE = OnlineService(
    code="SI-CONFIRM",
    name={
        "vi": "Xác nhận quá trình đóng bảo hiểm xã hội",
        "en": "Confirmation of contribution record",
    },
    summary={
        "vi": "Nhận ngay văn bản điện tử có chữ ký số về quá trình tham gia BHXH của bạn.",
        "en": "Get a digitally signed statement of your SI record at once.",
    },
    level="full-process",
    channels=("portal", "eid_app"),
    domain="registry",
    review="automatic",
    form=Form,
    check=check,
    apply=apply,
)
