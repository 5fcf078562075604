"""Name inquiry, VietQR and the admin switches on accounts."""

import binascii

from fastapi.testclient import TestClient

from sandbox.bank.vietqr import crc16, payload


def test_name_inquiry_gives_holder_and_status(http: TestClient, headers, accounts) -> None:
    account = accounts[0]
    body = {"bin": account["bin"], "account": account["account"]}
    answer = http.post("/v1/name-inquiry", json=body, headers=headers)
    assert answer.status_code == 200
    assert answer.json() == {"holder": account["holder"], "status": "active"}
    assert answer.json()["holder"].isascii() and answer.json()["holder"].isupper()
    unknown = http.post("/v1/name-inquiry", json=body | {"account": "9" * 19}, headers=headers)
    assert unknown.status_code == 404
    assert http.post("/v1/name-inquiry", json=body).status_code == 401
    bad = http.post("/v1/name-inquiry", json=body | {"bin": "97043"}, headers=headers)
    assert bad.status_code == 422


def test_admin_closes_blocks_and_records_a_death(http: TestClient, headers, accounts) -> None:
    first, second, third = accounts[:3]
    path = "/v1/admin/accounts/{bin}/{account}/{action}"
    closed = http.post(path.format(**first, action="close"), headers=headers)
    assert closed.json()["status"] == "closed"
    blocked = http.post(path.format(**second, action="block"), headers=headers)
    assert blocked.json()["status"] == "blocked"
    assert http.post(path.format(**third, action="deceased"), headers=headers).status_code == 200
    missing = http.post(
        path.format(bin="970436", account="1" * 12, action="close"), headers=headers
    )
    assert missing.status_code == 404
    inquiry = http.post(
        "/v1/name-inquiry", json={"bin": first["bin"], "account": first["account"]}, headers=headers
    )
    assert inquiry.json()["status"] == "closed"


def test_crc_is_ccitt_false() -> None:
    assert crc16("123456789") == "29B1"  # the published check value of CRC-16/CCITT-FALSE
    assert binascii.crc_hqx(b"123456789", 0xFFFF) == 0x29B1


def test_vietqr_payload_matches_one_built_by_hand() -> None:
    by_hand = (
        "000201"  # payload format indicator 01
        "010211"  # static QR
        "3854"  # merchant account information, 54 characters
        "0010A000000727"  # NAPAS GUID
        "0124"
        "0006970436"
        "01100123456789"  # beneficiary: BIN, account
        "0208QRIBFTTA"  # transfer to an account
        "5303704"  # VND
        "5802VN"
        "6304"
    )
    assert payload("970436", "0123456789") == by_hand + crc16(by_hand)
    with_amount = payload("970436", "0123456789", amount=1_500_000, note="Luong huu")
    assert "010212" in with_amount and "54071500000" in with_amount
    assert "62130809Luong huu" in with_amount
    assert with_amount[-4:] == crc16(with_amount[:-4])


def test_vietqr_route_answers_for_known_accounts_only(http: TestClient, headers, accounts) -> None:
    account = accounts[0]
    url = f"/v1/accounts/{account['bin']}/{account['account']}/vietqr"
    answer = http.get(url, params={"amount": 200000}, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["payload"] == payload(account["bin"], account["account"], amount=200000)
    assert http.get(f"/v1/accounts/970436/{'1' * 13}/vietqr", headers=headers).status_code == 404
