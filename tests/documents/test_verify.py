"""Verification: genuine, revoked, unknown or tampered; by seal (QR) or by the file."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ansinh.cli import app
from ansinh.core.audit.models import AuditEvent
from ansinh.core.security.actor import SYSTEM
from ansinh.documents import cli, seal, service
from ansinh.documents.exceptions import AlreadyRevoked
from ansinh.documents.schemas import Issued
from tests.portal.conftest import Citizen


def _seal_of(issued: Issued) -> str:
    return issued.url.split("#", 1)[1]


def test_a_genuine_seal_says_only_the_kind_the_day_and_the_last_digits(
    db_session: Session, confirmation: Issued, alice: Citizen
) -> None:
    verdict = service.verify_seal(db_session=db_session, token=_seal_of(confirmation))
    assert verdict.status == "genuine" and verdict.kind == "si-confirmation"
    assert verdict.issued_on == confirmation.issued_at.date()
    assert verdict.si_number_ending == alice.si_number[-3:]
    assert set(verdict.model_dump(exclude_none=True)) == {
        "status",
        "kind",
        "issued_on",
        "si_number_ending",
    }
    checked = db_session.scalars(
        select(AuditEvent.purpose).where(
            AuditEvent.subject == alice.si_number, AuditEvent.actor_id == "document-verification"
        )
    ).all()
    assert checked == ["verification of a document you were issued"]


def test_the_verification_url_carries_no_personal_data(
    confirmation: Issued, alice: Citizen
) -> None:
    assert "/verify#" in confirmation.url
    header, payload, _ = _seal_of(confirmation).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(claims) == {"typ", "doc", "kind", "sha256", "iat"}
    for secret in (alice.personal_id, alice.si_number, alice.full_name):
        assert secret not in confirmation.url and secret not in json.dumps(claims)


def test_a_changed_seal_is_tampered(db_session: Session, confirmation: Issued) -> None:
    header, payload, signature = _seal_of(confirmation).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps(claims | {"kind": "hi-card"}).encode()).rstrip(
        b"="
    )
    token = f"{header}.{forged.decode()}.{signature}"
    assert service.verify_seal(db_session=db_session, token=token).status == "tampered"


def test_a_seal_that_names_another_hash_is_tampered(
    db_session: Session, confirmation: Issued
) -> None:
    token = seal.make(
        document_id=confirmation.document_id,
        kind="si-confirmation",
        content_sha256="0" * 64,
        issued_at=confirmation.issued_at,
    )
    assert service.verify_seal(db_session=db_session, token=token).status == "tampered"


def test_a_seal_of_a_document_never_issued_is_unknown(db_session: Session) -> None:
    token = seal.make(
        document_id="VB-NEVERISSUED2",
        kind="si-confirmation",
        content_sha256="0" * 64,
        issued_at=datetime.fromisoformat("2026-12-01T10:00:00+07:00"),
    )
    assert service.verify_seal(db_session=db_session, token=token).status == "unknown"


def test_a_revoked_document_says_when(db_session: Session, confirmation: Issued) -> None:
    service.revoke(
        db_session=db_session,
        actor=SYSTEM,
        document_id=confirmation.document_id,
        reason="issued on a wrong record",
    )
    verdict = service.verify_seal(db_session=db_session, token=_seal_of(confirmation))
    assert verdict.status == "revoked" and verdict.revoked_on is not None
    assert service.verify_pdf(db_session=db_session, data=confirmation.pdf).status == "revoked"
    with pytest.raises(AlreadyRevoked):
        service.revoke(
            db_session=db_session, actor=SYSTEM, document_id=confirmation.document_id, reason="x"
        )


def test_the_file_as_issued_is_genuine_and_any_change_is_tampered(
    db_session: Session, confirmation: Issued
) -> None:
    assert service.verify_pdf(db_session=db_session, data=confirmation.pdf).status == "genuine"
    edited = confirmation.pdf.replace(b"/Author", b"/Auth0r", 1)
    assert edited != confirmation.pdf
    assert service.verify_pdf(db_session=db_session, data=edited).status == "tampered"
    resaved = PdfWriter(clone_from=PdfReader(io.BytesIO(confirmation.pdf)))
    out = io.BytesIO()
    resaved.write(out)
    assert service.verify_pdf(db_session=db_session, data=out.getvalue()).status == "tampered"


def test_a_file_that_is_no_document_of_ours_is_unknown(db_session: Session) -> None:
    assert service.verify_pdf(db_session=db_session, data=b"not a pdf").status == "unknown"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    assert service.verify_pdf(db_session=db_session, data=out.getvalue()).status == "unknown"


def test_the_api_verifies_a_seal_without_a_key_and_refuses_garbage(
    client: TestClient, confirmation: Issued
) -> None:
    answer = client.post("/api/v1/documents/verify", json={"seal": _seal_of(confirmation)})
    assert answer.status_code == 200 and answer.json()["status"] == "genuine"
    bad = client.post("/api/v1/documents/verify", json={"seal": "<script>"})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_ansinh_documents_revoke(
    db_session: Session, confirmation: Issued, monkeypatch: pytest.MonkeyPatch
) -> None:
    @contextmanager
    def _unit_of_work() -> Iterator[Session]:
        yield db_session

    monkeypatch.setattr(cli, "unit_of_work", _unit_of_work)
    runner = CliRunner()
    done = runner.invoke(
        app, ["documents", "revoke", confirmation.document_id, "--reason", "wrong record"]
    )
    assert done.exit_code == 0, done.output
    assert service.verify_pdf(db_session=db_session, data=confirmation.pdf).status == "revoked"
    again = runner.invoke(app, ["documents", "revoke", confirmation.document_id, "--reason", "x"])
    assert again.exit_code == 1 and "already revoked" in again.output
    missing = runner.invoke(app, ["documents", "revoke", "VB-NOSUCHDOC234", "--reason", "x"])
    assert missing.exit_code == 1
