"""Receive one PL02 submission: authenticate, decode, verify, read, store, and log the answer.

Every submission leaves a row in `evidence_receipts` with the MaGD and code it was answered, the
refused ones included (their reason, never their content). The checks run in this order: the
gateway account (401), the document type (205), the size (1001, `evidence_max_bytes`), base64 and
XML (205), the facility and its registered signing certificate (401), the signature (401), the
certificate's fields (205). A certificate already stored for the facility and serial is answered
200 with the MaGD of its first receipt. `accept_signed` runs the same checks, but the account's,
on a document that came another way (the demo's synthetic hospital).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from sqlalchemy.orm import Session

from ansinh.core import clock, xmldsig
from ansinh.core.config import get_settings
from ansinh.health.eligibility.clinic import facility_of
from ansinh.health.evidence import keys, pl02
from ansinh.health.evidence.models import EvidenceReceipt
from ansinh.health.evidence.service import record_certificate
from ansinh.health.gateway.answers import AUTH_ERROR, FORMAT_ERROR
from ansinh.health.gateway.auth import GatewayUnauthorized, authenticate
from ansinh.health.models import Facility

ACCEPTED, TOO_LARGE = "200", "1001"
_BASE64_GROWTH = 4 / 3


@dataclass(frozen=True)
class Submission:
    """The form a hospital system posts (credentials, facility, type and the base64 file)."""

    facility_code: str
    token: str
    id_token: str
    username: str
    password: str
    document_type: str
    file_base64: str


@dataclass(frozen=True)
class Outcome:
    """The answer: code (MaKetQua), MaGD, time of receipt, and the reason of a refusal."""

    code: str
    ma_gd: str
    received_at: datetime
    reason: str | None = None
    serial: str | None = None
    raw_sha256: str | None = None

    @property
    def result(self) -> str:
        """accepted, duplicate (answered with the first receipt's MaGD) or refused."""
        if self.code != ACCEPTED:
            return "refused"
        return "duplicate" if self.reason else "accepted"


class Refused(Exception):
    """A submission refused with a PL02 code and a reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def _account(db_session: Session, submission: Submission) -> None:
    try:
        account = authenticate(
            db_session=db_session,
            token=submission.token,
            id_token=submission.id_token,
            username=submission.username,
            password_md5=submission.password,
        )
    except GatewayUnauthorized as exc:
        raise Refused(AUTH_ERROR, exc.detail) from None
    if facility_of(account) != submission.facility_code:
        raise Refused(AUTH_ERROR, "maCskcb: the account acts for another facility")


def _decoded(submission: Submission) -> bytes:
    limit = get_settings().evidence_max_bytes
    if len(submission.file_base64) > limit * _BASE64_GROWTH + 4:
        raise Refused(TOO_LARGE, f"fileBase64Str: the file is larger than {limit} bytes")
    # Form encoders that leave '+' unescaped turn it into a space; line breaks are harmless.
    text = "".join(submission.file_base64.split("\n")).replace("\r", "").replace(" ", "+")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Refused(FORMAT_ERROR, "fileBase64Str: not valid base64") from None


def _document(facility_code: str, document_type: str, raw: bytes) -> etree._Element:
    try:
        root = xmldsig.parse(raw)
        if root.tag != pl02.ROOTS[document_type]:
            raise pl02.FormatError(f"the root element must be {pl02.ROOTS[document_type]}")
        if pl02.facility_of(root) != facility_code:
            raise pl02.FormatError("MACSKCB: differs from maCskcb")
    except (xmldsig.MalformedXml, pl02.FormatError) as exc:
        raise Refused(FORMAT_ERROR, str(exc)) from None
    return root


def _verify(db_session: Session, facility_code: str, root: etree._Element) -> None:
    if db_session.get(Facility, facility_code) is None:
        raise Refused(AUTH_ERROR, "maCskcb: unknown facility")
    certificates = keys.active(db_session=db_session, facility_code=facility_code)
    if not certificates:
        raise Refused(AUTH_ERROR, "the facility has no registered signing certificate")
    try:
        xmldsig.verify(root, certificates)
    except xmldsig.SignatureError as exc:
        raise Refused(AUTH_ERROR, f"signature: {exc}") from None


def _store(
    db_session: Session,
    facility_code: str,
    document_type: str,
    raw: bytes,
    ma_gd: str,
    at: datetime,
) -> Outcome:
    """Verify and read a decoded document, and store its certificate unless already stored."""
    root = _document(facility_code, document_type, raw)
    _verify(db_session, facility_code, root)
    try:
        parsed = pl02.read(root, document_type)
    except pl02.FormatError as exc:
        raise Refused(FORMAT_ERROR, str(exc)) from None
    first = record_certificate(
        db_session,
        certificate=parsed.certificate,
        raw_xml=raw,
        form_code=parsed.form_code,
        fields=parsed.fields,
        ma_gd=ma_gd,
        received_at=at,
    )
    return Outcome(
        ACCEPTED,
        first or ma_gd,
        at,
        reason=None if first == ma_gd else "already received",
        serial=parsed.certificate.serial,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
    )


def _logged(
    db_session: Session, attempt: Callable[[str, datetime], Outcome], received: EvidenceReceipt
) -> Outcome:
    """Run `attempt` with a new MaGD and time; log its outcome, refusals included."""
    at, ma_gd = clock.now(), uuid.uuid4().hex.upper()
    try:
        outcome = attempt(ma_gd, at)
    except Refused as exc:
        outcome = Outcome(exc.code, ma_gd, at, exc.reason)
    received.ma_gd, received.received_at = outcome.ma_gd, at
    received.outcome, received.result_code = outcome.result, outcome.code
    received.reason = outcome.reason[:300] if outcome.reason else None
    received.raw_sha256, received.serial = outcome.raw_sha256, outcome.serial
    db_session.add(received)
    db_session.flush()
    return outcome


def receive(db_session: Session, *, submission: Submission, accepts: Collection[str]) -> Outcome:
    """Answer one submission of a type in `accepts` (loaiHs) and log it; refusals included."""

    def attempt(ma_gd: str, at: datetime) -> Outcome:
        _account(db_session, submission)
        if submission.document_type not in accepts:
            raise Refused(FORMAT_ERROR, f"loaiHs: this service takes {', '.join(sorted(accepts))}")
        raw = _decoded(submission)
        return _store(
            db_session, submission.facility_code, submission.document_type, raw, ma_gd, at
        )

    return _logged(
        db_session,
        attempt,
        EvidenceReceipt(
            facility_code=submission.facility_code[:20],
            client_id=submission.username[:64] or None,
            document_type=submission.document_type[:8],
            size_bytes=len(submission.file_base64),
        ),
    )


def accept_signed(
    db_session: Session, *, facility_code: str, document_type: str, raw: bytes, source: str
) -> Outcome:
    """Verify, store and log a signed document that came another way (a file, the demo).

    The same checks as the web service but the account's; `source` is logged as the client.
    """
    return _logged(
        db_session,
        lambda ma_gd, at: _store(db_session, facility_code, document_type, raw, ma_gd, at),
        EvidenceReceipt(
            facility_code=facility_code,
            client_id=source,
            document_type=document_type,
            size_bytes=len(raw),
        ),
    )
