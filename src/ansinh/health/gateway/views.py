"""The VSS assessment-gateway contract, so hospital systems can point at ansinh unchanged.

`POST /api/token/take` (form `username` + MD5 `password`) and `POST /api/egw/KQNhanLichSuKCB2024`
(credentials in the query string, as existing clients send them; body form-encoded or JSON).
Answers carry `maKetQua` and the card fields of fact sheet §5, dates as dd/MM/yyyy. Business
answers (000-124) come with HTTP 200 like the gateway's; a failure (205 wrong format, 401
authentication, 429 rate limit, ...) is a problem+json that also carries `maKetQua` and a
Vietnamese `ghiChu` (see `gateway_answers`). The query string is never logged: the access log
writes route templates only.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Annotated, Any

from anyio import from_thread
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ansinh.core.clock import today
from ansinh.core.db import DbSession
from ansinh.core.errors import reasons_of
from ansinh.core.security.actor import Actor
from ansinh.core.text import fold
from ansinh.geo import UnknownProvince, get_province
from ansinh.health import service
from ansinh.health.eligibility import results
from ansinh.health.eligibility import service as eligibility
from ansinh.health.eligibility.checks import Checks, log_check
from ansinh.health.eligibility.clinic import ELIGIBILITY_SCOPE, Clinic, admit
from ansinh.health.eligibility.service import CardQuery, CardView, Verdict
from ansinh.health.gateway.answers import GatewayRoute
from ansinh.health.gateway.auth import GatewayFormatError, authenticate, take_token
from ansinh.identity import parse_card_key, parse_personal_id

router = APIRouter(tags=["assessment gateway (compatible)"], route_class=GatewayRoute)
DATE_FORMAT = "%d/%m/%Y"


async def _fields(request: Request) -> dict[str, Any]:
    """The body as a dict, whether sent as JSON or as a form."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            raise GatewayFormatError("the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise GatewayFormatError("the body must be a JSON object")
        return data
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


class _GatewayBody(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, hide_input_in_errors=True)


class TokenRequest(_GatewayBody):
    """Login of a facility account."""

    username: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=1, max_length=64, description="MD5 hex of the password")


class CardLookup(_GatewayBody):
    """A card lookup: the card key, the patient's name and birth date, and the clerk."""

    maThe: str = Field(description="10-digit SI number, 12-digit personal ID or 15-char code")
    hoTen: str = Field(min_length=2, max_length=100)
    ngaySinh: str = Field(description="dd/MM/yyyy, or yyyy when only the year is known")
    hoTenCb: str = Field(min_length=2, max_length=100)
    cccdCb: str = Field(description="Personal ID of the clerk doing the lookup")

    @field_validator("maThe")
    @classmethod
    def _card_key(cls, value: str) -> str:
        return parse_card_key(value).identifier.value

    @field_validator("ngaySinh")
    @classmethod
    def _birth_date(cls, value: str) -> str:
        _parse_birth(value)
        return value

    @field_validator("cccdCb")
    @classmethod
    def _clerk_id(cls, value: str) -> str:
        return parse_personal_id(value).value

    def query(self) -> CardQuery:
        """The lookup, with the patient's details to match."""
        born, year_only = _parse_birth(self.ngaySinh)
        return CardQuery(
            parse_card_key(self.maThe).kind,
            self.maThe,
            full_name=self.hoTen,
            date_of_birth=born,
            birth_year_only=year_only,
        )


def _parse_birth(text: str) -> tuple[date, bool]:
    if text.isdigit() and len(text) == len("yyyy"):
        return date(int(text), 1, 1), True
    try:
        return datetime.strptime(text, DATE_FORMAT).date(), False
    except ValueError:
        raise ValueError("ngaySinh must be dd/MM/yyyy or yyyy") from None


def _parse(model: type[_GatewayBody], fields: dict[str, Any]) -> Any:
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise GatewayFormatError(reasons_of(exc.errors())) from None


async def token_request(request: Request) -> TokenRequest:
    """The login form (or JSON)."""
    parsed: TokenRequest = _parse(TokenRequest, await _fields(request))
    return parsed


async def card_lookup(request: Request) -> CardLookup:
    """The lookup body (form or JSON)."""
    parsed: CardLookup = _parse(CardLookup, await _fields(request))
    return parsed


def gateway_clinic(
    db: DbSession,
    token: Annotated[str, Query(max_length=2000)] = "",
    id_token: Annotated[str, Query(max_length=2000)] = "",
    username: Annotated[str, Query(max_length=64)] = "",
    password: Annotated[str, Query(max_length=64)] = "",
) -> Clinic:
    """The facility account behind the query-string credentials (401 if they are wrong)."""
    account = authenticate(
        db_session=db, token=token, id_token=id_token, username=username, password_md5=password
    )
    return admit(Actor(kind="client", id=account, scopes=frozenset({ELIGIBILITY_SCOPE})))


class ApiKey(BaseModel):
    """The token pair, as the gateway names it."""

    access_token: str
    id_token: str
    token_type: str
    username: str
    expires_in: int


class TokenAnswer(BaseModel):
    """Login answer."""

    maKetQua: str
    ghiChu: str = "Đăng nhập thành công"
    APIKey: ApiKey


class CardAnswer(BaseModel):
    """Card lookup answer, field names as the gateway's."""

    maKetQua: str
    ghiChu: str
    maThe: str | None = None
    hoTen: str | None = None
    ngaySinh: str | None = None
    gioiTinh: str | None = None
    diaChi: str | None = None
    maDKBD: str | None = None
    cqBHXH: str | None = None
    gtTheTu: str | None = None
    gtTheDen: str | None = None
    maKV: str | None = None
    ngayDu5Nam: str | None = None
    maSoBHXH: str | None = None
    maTheCu: str | None = None
    maTheMoi: str | None = None
    gtTheTuMoi: str | None = None
    gtTheDenMoi: str | None = None
    maDKBDMoi: str | None = None
    tenDKBDMoi: str | None = None
    dsLichSuKCB2018: list[dict[str, Any]] | None = None
    dsLichSuKT2018: list[dict[str, Any]] | None = None


@router.post("/api/token/take", response_model=TokenAnswer)
def take(login: Annotated[TokenRequest, Depends(token_request)], db: DbSession) -> TokenAnswer:
    """Log a facility account in (form `username`, `password` = MD5 hex)."""
    tokens = take_token(db_session=db, username=login.username, password_md5=login.password)
    return TokenAnswer(
        maKetQua="200",
        APIKey=ApiKey(
            access_token=tokens.access_token,
            id_token=tokens.id_token,
            token_type="Bearer",
            username=tokens.username,
            expires_in=tokens.expires_in,
        ),
    )


@router.post("/api/egw/KQNhanLichSuKCB2024", response_model=CardAnswer)
def look_up_card(
    lookup: Annotated[CardLookup, Depends(card_lookup)],
    clinic: Annotated[Clinic, Depends(gateway_clinic)],
    db: DbSession,
    checks: Checks,
) -> CardAnswer:
    """Check a card for a visit today; the clerk must be on the facility's user list."""
    facility = clinic.facility_code or ""
    visit_date, query = today(), lookup.query()
    clerk = service.find_clerk(db_session=db, facility_code=facility, personal_id=lookup.cccdCb)
    if clerk is None:
        verdict = Verdict(results.CLERK_UNKNOWN)
    elif fold(clerk.full_name) != fold(lookup.hoTenCb):
        verdict = Verdict(results.CLERK_NAME)
    else:
        verdict = eligibility.check_eligibility(
            db_session=db, query=query, visit_date=visit_date, facility_code=facility
        )
    from_thread.run(
        partial(
            log_check,
            checks.sink,
            verdict,
            client_id=clinic.actor.id,
            channel="gateway",
            key_kind=query.kind,
            facility_code=facility,
            visit_date=visit_date,
            clerk_id=clerk.user_id if clerk else None,
        )
    )
    return answer(verdict, on=visit_date)


def _day(value: date | None) -> str | None:
    return value.strftime(DATE_FORMAT) if value else None


def _office(card: CardView, on: date) -> str | None:
    try:
        return f"Bảo hiểm xã hội {get_province(card.province_code, on=on).name}"
    except UnknownProvince:
        return None


def answer(verdict: Verdict, *, on: date) -> CardAnswer:
    """Shape a verdict as the gateway's card-lookup answer.

    The name and birth date the clinic sent are confirmed; sex and address, which it did not
    send, are left out, so a card number alone discloses no more than the card.
    """
    shown, person = verdict.card, verdict.person
    if shown is None or person is None:
        return CardAnswer(maKetQua=verdict.result.code, ghiChu=verdict.result.message_vi)
    new = verdict.new_card
    born = person.date_of_birth
    return CardAnswer(
        maKetQua=verdict.result.code,
        ghiChu=verdict.result.message_vi,
        maThe=shown.code,
        hoTen=person.full_name,
        ngaySinh=str(born.year) if person.dob_precision == "year" else _day(born),
        maDKBD=shown.facility_code,
        cqBHXH=_office(shown, on),
        gtTheTu=_day(shown.valid_from),
        gtTheDen=_day(shown.valid_to),
        ngayDu5Nam=_day(shown.five_years_from),
        maSoBHXH=shown.si_number,
        maTheMoi=new.code if new else None,
        gtTheTuMoi=_day(new.valid_from) if new else None,
        gtTheDenMoi=_day(new.valid_to) if new else None,
        maDKBDMoi=new.facility_code if new else None,
        tenDKBDMoi=new.facility_name if new else None,
    )
