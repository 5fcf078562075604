"""The assessment-gateway contract: token, card lookup, result codes, clerk list, no leaks."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.clock import today
from ansinh.core.errors import Unprocessable
from ansinh.core.security.models import ApiClient
from ansinh.health.gateway.auth import _fingerprint, _key, set_password
from ansinh.health.models import Check, Facility, FacilityUser
from tests.conftest import api_headers
from tests.health.conftest import FACILITY, make_card

USERNAME = f"{FACILITY}_BV"
PASSWORD_MD5 = hashlib.md5(b"mat-khau-bi-mat").hexdigest().upper()
CLERK_ID, CLERK_NAME = "079090000123", "Lê Văn Tám"
LOOKUP = "/api/egw/KQNhanLichSuKCB2024"
THIS_YEAR = date(today().year, 1, 1)


@pytest.fixture()
def account(db_session: Session, facilities: list[Facility]) -> dict[str, str]:
    """A facility account with a gateway password, a clerk, and its query-string credentials."""
    api_headers(db_session, "hi:eligibility", client_id=USERNAME)
    set_password(db_session=db_session, client_id=USERNAME, password_md5=PASSWORD_MD5.lower())
    db_session.add(FacilityUser(facility_code=FACILITY, personal_id=CLERK_ID, full_name=CLERK_NAME))
    db_session.flush()
    return {"username": USERNAME, "password": PASSWORD_MD5}


@pytest.fixture()
def credentials(hi_client: TestClient, account: dict[str, str]) -> dict[str, str]:
    """Query parameters of a logged-in account."""
    response = hi_client.post("/api/token/take", data=account)
    assert response.status_code == 200, response.text
    key = response.json()["APIKey"]
    return {
        "token": key["access_token"],
        "id_token": key["id_token"],
        "username": USERNAME,
        "password": PASSWORD_MD5,
    }


def _body(maThe: str, **overrides: str) -> dict[str, str]:
    return {
        "maThe": maThe,
        "hoTen": "Nguyễn Thị Lan",
        "ngaySinh": "14/03/1985",
        "hoTenCb": CLERK_NAME,
        "cccdCb": CLERK_ID,
    } | overrides


def _lookup(client: TestClient, credentials: dict[str, str], body: dict[str, str]) -> Any:
    response = client.post(LOOKUP, params=credentials, data=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_token_take_answers_like_the_gateway(
    hi_client: TestClient, account: dict[str, str]
) -> None:
    answer = hi_client.post("/api/token/take", data=account).json()
    assert answer["maKetQua"] == "200"
    assert set(answer["APIKey"]) == {
        "access_token", "id_token", "token_type", "username", "expires_in"
    }  # fmt: skip
    assert hi_client.post("/api/token/take", json=account).json()["maKetQua"] == "200"


@pytest.mark.parametrize(
    "login",
    [
        {"username": USERNAME, "password": hashlib.md5(b"wrong").hexdigest()},
        {"username": "79099_BV", "password": PASSWORD_MD5},
    ],
)
def test_a_wrong_login_is_401_with_the_gateway_code(
    hi_client: TestClient, account: dict[str, str], login: dict[str, str]
) -> None:
    response = hi_client.post("/api/token/take", data=login)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["maKetQua"] == "401"


def test_a_valid_card_by_si_number_form_encoded(
    hi_client: TestClient, credentials: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(valid_from=THIS_YEAR, valid_to=date(THIS_YEAR.year, 12, 31))
    si = insured.person.si_number
    answer = _lookup(hi_client, credentials, _body(si))
    assert answer["maKetQua"] == "000" and answer["ghiChu"] == "Thông tin thẻ chính xác"
    assert answer["maThe"] == f"DN479{si}" and answer["maSoBHXH"] == si
    assert (answer["gtTheTu"], answer["gtTheDen"]) == (
        f"01/01/{THIS_YEAR.year}",
        f"31/12/{THIS_YEAR.year}",
    )
    assert (answer["ngaySinh"], answer["maDKBD"]) == ("14/03/1985", FACILITY)
    assert answer["ngayDu5Nam"] == "01/01/2021"
    assert answer["cqBHXH"] == "Bảo hiểm xã hội Hồ Chí Minh"


def test_json_bodies_and_personal_ids_work_too(
    hi_client: TestClient, credentials: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(valid_from=THIS_YEAR, valid_to=date(THIS_YEAR.year, 12, 31))
    response = hi_client.post(LOOKUP, params=credentials, json=_body(insured.personal_id))
    assert response.json()["maKetQua"] == "000"
    year_only = _lookup(hi_client, credentials, _body(insured.personal_id, ngaySinh="1985"))
    assert year_only["maKetQua"] == "070"  # a year alone does not confirm a full birth date


@pytest.mark.parametrize(
    ("overrides", "card_fields", "code"),
    [
        ({"cccdCb": "079090000999"}, {}, "054"),
        ({"hoTenCb": "Lê Văn Bảy"}, {}, "055"),
        ({"hoTen": "Trần Văn An"}, {}, "060"),
        ({"hoTen": "Nguyễn Thanh Long"}, {}, "061"),
        ({"ngaySinh": "15/03/1985"}, {}, "070"),
        ({}, {"valid_to": date(2025, 12, 31), "valid_from": date(2025, 1, 1)}, "010"),
        ({}, {"status": "withdrawn", "status_reason": "withdrawn"}, "110"),
        ({}, {"status": "ended", "status_reason": "moved_province"}, "121"),
        ({}, {"status": "ended", "status_reason": "stopped"}, "124"),
        ({}, {"object_code": "QN", "benefit_level": 5}, "001"),
        ({}, {"object_code": "CA", "benefit_level": 5}, "002"),
    ],
)
def test_each_gateway_code(
    hi_client: TestClient,
    credentials: dict[str, str],
    make_insured: Any,
    overrides: dict[str, str],
    card_fields: dict[str, Any],
    code: str,
) -> None:
    fields = {"valid_from": THIS_YEAR, "valid_to": date(THIS_YEAR.year, 12, 31)} | card_fields
    insured = make_insured(**fields)
    answer = _lookup(hi_client, credentials, _body(insured.person.si_number, **overrides))
    assert answer["maKetQua"] == code
    assert (answer["maThe"] is None) is (code in {"054", "055", "060", "061", "070"})


def test_an_old_card_code_names_the_new_card(
    hi_client: TestClient, credentials: dict[str, str], db_session: Session, make_insured: Any
) -> None:
    insured = make_insured(
        object_code="GD", valid_from=THIS_YEAR, valid_to=date(THIS_YEAR.year, 12, 31)
    )
    old = insured.card
    old.replaced_by = old.card_id
    db_session.flush()
    new = make_card(
        db_session, insured.person, valid_from=THIS_YEAR, valid_to=date(THIS_YEAR.year, 12, 31)
    )
    old.replaced_by = new.card_id
    db_session.flush()
    answer = _lookup(hi_client, credentials, _body(old.code))
    assert (answer["maKetQua"], answer["maThe"], answer["maTheMoi"]) == ("004", old.code, new.code)
    assert answer["tenDKBDMoi"] == "Trạm Y tế số 1"
    wrong_province = _lookup(hi_client, credentials, _body(f"DN401{insured.person.si_number}"))
    assert wrong_province["maKetQua"] == "052"


def test_not_found_is_logged_with_the_clerk(
    hi_client: TestClient, credentials: dict[str, str], db_session: Session
) -> None:
    answer = _lookup(hi_client, credentials, _body("9800999999"))
    assert (answer["maKetQua"], answer["ghiChu"]) == ("050", "Không có thông tin thẻ")
    check = db_session.query(Check).filter(Check.channel == "gateway").one()
    assert (check.result_code, check.client_id, check.key_kind) == ("050", USERNAME, "si_number")
    clerk = db_session.query(FacilityUser).filter(FacilityUser.personal_id == CLERK_ID).one()
    assert check.clerk_id == clerk.user_id


@pytest.mark.parametrize(
    "body",
    [
        _body("12345"),
        _body("9800000001", ngaySinh="1985-03-14"),
        _body("9800000001", cccdCb="12"),
        {"maThe": "9800000001"},
    ],
)
def test_a_wrong_format_is_205(
    hi_client: TestClient, credentials: dict[str, str], body: dict[str, str]
) -> None:
    response = hi_client.post(LOOKUP, params=credentials, data=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["maKetQua"] == "205"
    not_an_object = hi_client.post(LOOKUP, params=credentials, json=["maThe"])
    assert not_an_object.json()["maKetQua"] == "205"


@pytest.mark.parametrize(
    "broken",
    [
        {"token": "garbage"},
        {"password": hashlib.md5(b"wrong").hexdigest()},
        {"username": "79012_BV"},
        {"id_token": ""},
    ],
)
def test_wrong_query_credentials_are_401(
    hi_client: TestClient, credentials: dict[str, str], broken: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured()
    response = hi_client.post(
        LOOKUP, params=credentials | broken, data=_body(insured.person.si_number)
    )
    assert response.status_code == 401
    assert response.json()["maKetQua"] == "401"


def test_swapped_tokens_are_refused(hi_client: TestClient, credentials: dict[str, str]) -> None:
    swapped = credentials | {"token": credentials["id_token"], "id_token": credentials["token"]}
    response = hi_client.post(LOOKUP, params=swapped, data=_body("9800000001"))
    assert response.status_code == 401


def test_credentials_and_ids_never_reach_the_logs(
    hi_client: TestClient,
    credentials: dict[str, str],
    make_insured: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    insured = make_insured()
    with caplog.at_level(logging.DEBUG):
        _lookup(hi_client, credentials, _body(insured.personal_id))
        hi_client.post(LOOKUP, params=credentials | {"token": "bad"}, data=_body("9800000001"))
    # The server's own loggers; the test's HTTP client (httpx) logs its URLs, a server does not.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("ansinh"))
    assert "KQNhanLichSuKCB2024" in logged  # the route is logged...
    for secret in (credentials["token"], PASSWORD_MD5, insured.personal_id, CLERK_ID):
        assert secret not in logged  # ...but not the query string or the body


def test_gateway_accounts_must_be_facility_bound(db_session: Session) -> None:
    api_headers(db_session, "hi:eligibility", client_id="national-portal")
    with pytest.raises(Unprocessable):
        set_password(db_session=db_session, client_id="national-portal", password_md5=PASSWORD_MD5)


# A token is honoured only for an account that exists and is active when it is used.
def _refused(response: Any) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["maKetQua"] == "401" and body["ghiChu"]


def test_a_disabled_accounts_unexpired_token_is_refused(
    hi_client: TestClient, db_session: Session, credentials: dict[str, str], make_insured: Any
) -> None:
    insured = make_insured(valid_from=THIS_YEAR)
    body = _body(insured.person.si_number)
    assert hi_client.post(LOOKUP, params=credentials, data=body).status_code == 200
    client = db_session.get(ApiClient, USERNAME)
    assert client is not None
    client.active = False
    db_session.flush()
    _refused(hi_client.post(LOOKUP, params=credentials, data=body))


def test_a_validly_signed_token_for_an_unknown_account_is_refused(
    hi_client: TestClient, credentials: dict[str, str]
) -> None:
    now, ghost, password = int(clock.now().timestamp()), "79999_BV", credentials["password"]
    common = {"sub": ghost, "jti": "forged", "iat": now, "exp": now + 600}
    forged = {
        "token": jwt.encode(
            {"alg": "HS256"}, common | {"typ": "access", "pwd": _fingerprint(password)}, _key()
        ),
        "id_token": jwt.encode({"alg": "HS256"}, common | {"typ": "id"}, _key()),
        "username": ghost,
        "password": password,
    }
    _refused(hi_client.post(LOOKUP, params=forged, data=_body("0123456789")))
