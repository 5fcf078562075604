"""The PL02 services hospital systems post electronic certificates to (fact sheet §1.3).

`POST /api/chungtugw/GuiHoSoChungTu2025` (loaiHs 39: Circular 25/2025 certificates, CT07
sick-leave among them) and `POST /api/hososuckhoe/guiGiayToDienTu` (60 death notice, 61 medical
birth certificate); form fields `maCskcb, token, id_token, username, password, loaiHs,
fileBase64Str`, the credentials of the assessment gateway (`/api/token/take`). The answer is
`MaGD, MaKetQua, ThoiGianTiepNhan` (yyyyMMddHHmmss, Vietnam time): HTTP 200 with MaKetQua 200 when
stored (or already stored: the first MaGD again); otherwise a problem+json that carries the same
three fields, a Vietnamese `ghiChu` and the reason: 205 format (HTTP 422), 401 account, facility
or signature (HTTP 401), 1001 too large (HTTP 413). There is no status-query service in PL02.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ansinh.core.clock import VIETNAM
from ansinh.core.config import get_settings
from ansinh.core.db import DbSession
from ansinh.core.errors import ProblemError, problem
from ansinh.health.evidence import pl02
from ansinh.health.evidence.receipts import ACCEPTED, TOO_LARGE, Outcome, Submission, receive
from ansinh.health.gateway.answers import AUTH_ERROR, note_of

router = APIRouter(tags=["electronic evidence (PL02, compatible)"])
_STATUS = {AUTH_ERROR: 401, TOO_LARGE: 413}
_NOTES = {
    ACCEPTED: "Tiếp nhận thành công",
    TOO_LARGE: "Dung lượng hồ sơ vượt quá giới hạn cho phép",
}
_FORM_OVERHEAD = 64 * 2**10


class RequestTooLarge(ProblemError):
    """A request body too large for any file under the limit (not read, not logged)."""

    status = 413
    title = "Refused"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the request is larger than a {limit}-byte file can make it",
            MaKetQua=TOO_LARGE,
            ghiChu=_NOTES[TOO_LARGE],
        )


class Receipt(BaseModel):
    """The PL02 answer, field names as the gateway's."""

    MaGD: str
    MaKetQua: str
    ThoiGianTiepNhan: str
    ghiChu: str


def _answer(outcome: Outcome) -> Receipt:
    return Receipt(
        MaGD=outcome.ma_gd,
        MaKetQua=outcome.code,
        ThoiGianTiepNhan=outcome.received_at.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S"),
        ghiChu=_NOTES.get(outcome.code) or note_of(outcome.code),
    )


async def read_submission(request: Request) -> Submission:
    """The posted form; a body too large for any acceptable file is refused unread."""
    limit = get_settings().evidence_max_bytes
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > 2 * limit + _FORM_OVERHEAD:
        raise RequestTooLarge(limit)
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    return Submission(
        facility_code=fields.get("maCskcb", "").strip(),
        token=fields.get("token", ""),
        id_token=fields.get("id_token", ""),
        username=fields.get("username", "").strip(),
        password=fields.get("password", "").strip(),
        document_type=fields.get("loaiHs", "").strip(),
        file_base64=fields.get("fileBase64Str", ""),
    )


def _serve(db: Session, submission: Submission, accepts: Collection[str]) -> Any:
    outcome = receive(db, submission=submission, accepts=accepts)
    answer = _answer(outcome)
    if outcome.code == ACCEPTED:
        return answer
    status = _STATUS.get(outcome.code, 422)
    return problem(status, "Refused", outcome.reason or answer.ghiChu, **answer.model_dump())


Posted = Annotated[Submission, Depends(read_submission)]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Stored (or already stored: the first MaGD again)"}
}
_FIELDS = {
    "maCskcb": "5-digit facility code; the account must act for it",
    "token": "access_token from /api/token/take",
    "id_token": "id_token from /api/token/take",
    "username": "the facility account, e.g. 79011_BV",
    "password": "MD5 hex of the account's password",
    "loaiHs": "document type: 39 (certificates), 60 (death notice), 61 (birth certificate)",
    "fileBase64Str": "base64 of the XMLDSig-signed XML document",
}
_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": list(_FIELDS),
                    "properties": {
                        name: {"type": "string", "description": text}
                        for name, text in _FIELDS.items()
                    },
                }
            }
        },
    }
}


@router.post(
    "/api/chungtugw/GuiHoSoChungTu2025",
    response_model=Receipt,
    responses=_RESPONSES,
    openapi_extra=_FORM,
)
def send_certificate(submission: Posted, db: DbSession) -> Any:
    """Receive a signed Circular 25/2025 certificate (loaiHs 39: CT07, CT03, CT06)."""
    return _serve(db, submission, (pl02.CERTIFICATES,))


@router.post(
    "/api/hososuckhoe/guiGiayToDienTu",
    response_model=Receipt,
    responses=_RESPONSES,
    openapi_extra=_FORM,
)
def send_birth_or_death(submission: Posted, db: DbSession) -> Any:
    """Receive a signed death notice (loaiHs 60) or medical birth certificate (61)."""
    return _serve(db, submission, (pl02.DEATH_NOTICE, pl02.BIRTH_CERTIFICATE))
