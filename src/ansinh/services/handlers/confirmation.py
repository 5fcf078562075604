"""Confirmation of the contribution record: the person's whole SI book as a sealed PDF.

Decided automatically; the result is a document of `ansinh.documents` (Vietnamese, with a QR that
anyone can check at the public verification page), kept by its number.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from ansinh.core.security.actor import Actor
from ansinh.documents import service as documents
from ansinh.registry import service as registry
from ansinh.services.models import Application
from ansinh.services.schemas import OnlineService


class Form(BaseModel):
    """Nothing to fill in: the record is the agency's."""

    model_config = ConfigDict(extra="forbid")


def check(*, db_session: Session, si_number: str, form: Form) -> None:  # noqa: ARG001
    """The person must be registered (an empty record is confirmed as empty)."""
    registry.get_person(db_session=db_session, si_number=si_number)


def apply(*, db_session: Session, application: Application, actor: Actor) -> dict[str, Any]:
    """Issue the confirmation of the SI book as it stands today."""
    issued = documents.issue_si_confirmation(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        purpose=f"confirmation of contribution record {application.reference}",
    )
    return {"document_id": issued.document_id}


SERVICE = OnlineService(
    code="SI-CONFIRM",
    name={
        "vi": "Xác nhận quá trình đóng bảo hiểm xã hội",
        "en": "Confirmation of contribution record",
    },
    summary={
        "vi": "Nhận ngay văn bản PDF có mã QR xác thực về quá trình tham gia BHXH của bạn.",
        "en": "Get a PDF of your SI record at once, with a QR code anyone can check.",
    },
    level="full-process",
    channels=("portal", "eid_app"),
    domain="registry",
    review="automatic",
    form=Form,
    check=check,
    apply=apply,
)
