"""Payment files: acceptance, idempotency, group and line reasons, bookings, returns, statements."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from ansinh.synth.bank_accounts import agency_account
from sandbox.bank import processor
from tests.sandbox.bank.kit import File, Line, messages, parsed, send, texts, tx_statuses


def _line(account, e2e: str, **changes) -> Line:
    return Line(account["bin"], account["account"], account["holder"], end_to_end_id=e2e, **changes)


def _answers(http, headers, bank, after: int = 0):
    processor.tick(bank)
    return messages(http, headers, after)


def test_a_valid_file_is_accepted_booked_and_notified(
    http: TestClient, headers, bank, accounts
) -> None:
    lines = [_line(a, f"E2E-{n}", amount=1_000_000 * (n + 1)) for n, a in enumerate(accounts[:3])]
    sent = send(http, headers, File(lines).xml())
    assert sent.status_code == 202
    assert sent.json()["msg_id"] == "MSG-1" and sent.json()["file_id"].startswith("F")
    found = _answers(http, headers, bank)
    assert [m["type"] for m in found] == ["pain.002", "pain.002", "camt.054"]
    accepted, settled, notice = (parsed(m) for m in found)
    assert texts(accepted, "GrpSts") == ["ACTC"] and texts(settled, "GrpSts") == ["ACSC"]
    assert {s for s, _ in tx_statuses(settled).values()} == {"ACSC"}
    assert texts(notice, "EndToEndId") == ["E2E-0", "E2E-1", "E2E-2"]
    assert set(texts(notice, "CdtDbtInd")) == {"DBIT"}
    assert texts(notice, "Amt")[::2] == ["1000000", "2000000", "3000000"]
    with bank.connect() as connection:
        balance = connection.execute(
            "SELECT balance FROM accounts WHERE account = %s", (agency_account().account,)
        ).fetchone()["balance"]
    assert balance == agency_account().balance - 6_000_000


def test_the_same_msg_id_is_taken_once(http: TestClient, headers, bank, accounts) -> None:
    data = File([_line(accounts[0], "E2E-A")]).xml()
    first, again = send(http, headers, data), send(http, headers, data)
    assert (first.status_code, again.status_code) == (202, 200)
    assert first.json() == again.json()
    _answers(http, headers, bank)
    assert send(http, headers, data).status_code == 200
    processor.tick(bank)
    assert [m["type"] for m in messages(http, headers)] == ["pain.002", "pain.002", "camt.054"]


def test_a_schema_invalid_file_is_refused_whole_with_ff01(
    http: TestClient, headers, bank, accounts
) -> None:
    data = File([_line(accounts[0], "E2E-A")]).xml().replace(b"<PmtMtd>TRF</PmtMtd>", b"")
    assert send(http, headers, data).status_code == 202
    assert send(http, headers, b"<not-xml").status_code == 202
    found = [parsed(m) for m in _answers(http, headers, bank)]
    assert [texts(r, "GrpSts") + texts(r, "Cd") for r in found] == [["RJCT", "FF01"]] * 2
    assert texts(found[0], "OrgnlMsgId") == ["MSG-1"]
    assert (
        http.post(
            "/v1/payment-files",
            content=b"{}",
            headers=headers | {"Content-Type": "application/json"},
        ).status_code
        == 415
    )


def test_group_reasons(http: TestClient, headers, bank, accounts) -> None:
    line = _line(accounts[0], "E2E-A")
    files = {
        "AM10": File([line], msg_id="M-AM10", control_sum=1),
        "BE05": File([line], msg_id="M-BE05", party="SOMEONE"),
        "DT01": File([line], msg_id="M-DT01", execution=datetime(2020, 1, 1).date()),
    }
    for spoiled in files.values():
        assert send(http, headers, spoiled.xml()).status_code == 202
    found = {
        texts(r, "OrgnlMsgId")[0]: texts(r, "GrpSts") + texts(r, "Cd")
        for r in map(parsed, _answers(http, headers, bank))
    }
    assert found == {f"M-{code}": ["RJCT", code] for code in files}


def test_each_line_reason(http: TestClient, headers, bank, accounts) -> None:
    ok, closed, blocked, dead, renamed, spent = accounts[:6]
    path = "/v1/admin/accounts/{bin}/{account}/{action}"
    http.post(path.format(**closed, action="close"), headers=headers)
    http.post(path.format(**blocked, action="block"), headers=headers)
    http.post(path.format(**dead, action="deceased"), headers=headers)
    send(http, headers, File([_line(spent, "USED")], msg_id="EARLIER").xml())
    processor.tick(bank)
    after = messages(http, headers)[-1]["seq"]
    lines = [
        _line(ok, "OK"),
        Line("999999", ok["account"], ok["holder"], end_to_end_id="RC01"),
        Line(ok["bin"], "1" * 19, ok["holder"], end_to_end_id="AC01"),
        _line(closed, "AC04"),
        _line(blocked, "AC06"),
        Line(renamed["bin"], renamed["account"], "TRAN VAN KHAC", end_to_end_id="BE01"),
        _line(dead, "MD07"),
        _line(spent, "USED"),
        _line(renamed, "AM04", amount=agency_account().balance),
    ]
    send(http, headers, File(lines, msg_id="M-LINES").xml())
    report = parsed(_answers(http, headers, bank, after)[0])
    assert texts(report, "GrpSts") == ["PART"]
    assert tx_statuses(report) == {
        "OK": ("ACTC", None),
        "RC01": ("RJCT", "RC01"),
        "AC01": ("RJCT", "AC01"),
        "AC04": ("RJCT", "AC04"),
        "AC06": ("RJCT", "AC06"),
        "BE01": ("RJCT", "BE01"),
        "MD07": ("RJCT", "MD07"),
        "USED": ("RJCT", "AM05"),
        "AM04": ("RJCT", "AM04"),
    }


def test_names_match_without_marks_and_case(http: TestClient, headers, bank, accounts) -> None:
    account = accounts[0]
    marked = account["holder"].title().replace("A", "Á", 1)
    send(
        http,
        headers,
        File([Line(account["bin"], account["account"], marked, end_to_end_id="X")]).xml(),
    )
    report = parsed(_answers(http, headers, bank)[0])
    assert tx_statuses(report)["X"] == ("ACTC", None)


def test_failure_rates_and_delays_are_configurable(
    http: TestClient, headers, bank, accounts
) -> None:
    change = {
        "failure_rates": {"NARR": 1.0},
        "status_delay_seconds": 60,
        "booking_delay_seconds": 0,
    }
    config = http.post("/v1/admin/config", json=change, headers=headers)
    assert config.status_code == 200 and config.json()["failure_rates"] == {"NARR": 1.0}
    assert (
        http.post(
            "/v1/admin/config", json={"failure_rates": {"XX99": 1}}, headers=headers
        ).status_code
        == 422
    )
    send(http, headers, File([_line(accounts[0], "E")]).xml())
    processor.tick(bank)
    assert messages(http, headers) == []  # the status report is not due yet
    processor.tick(bank, datetime.now(UTC) + timedelta(seconds=61))
    report = parsed(messages(http, headers)[0])
    assert texts(report, "GrpSts") == ["RJCT"] and tx_statuses(report)["E"] == ("RJCT", "NARR")


def test_messages_are_paged_by_seq(http: TestClient, headers, bank, accounts) -> None:
    for n, account in enumerate(accounts[:3]):
        send(http, headers, File([_line(account, f"E{n}")], msg_id=f"M{n}").xml())
    processor.tick(bank)
    seen, after = [], 0
    while True:
        page = http.get("/v1/messages", params={"after": after, "limit": 2}, headers=headers).json()
        if not page["messages"]:
            assert page["next"] == after
            break
        assert len(page["messages"]) <= 2
        seen += [m["seq"] for m in page["messages"]]
        after = page["next"]
    assert len(seen) == 9 and seen == sorted(seen) and len(set(seen)) == 9
    assert http.get("/v1/messages", params={"limit": 0}, headers=headers).status_code == 422


def test_a_booked_payment_comes_back_when_the_account_closes(
    http: TestClient, headers, bank, accounts
) -> None:
    account, other = accounts[:2]
    send(http, headers, File([_line(account, "RET"), _line(other, "STAYS")]).xml())
    after = _answers(http, headers, bank)[-1]["seq"]
    http.post("/v1/admin/accounts/{bin}/{account}/close".format(**account), headers=headers)
    found = _answers(http, headers, bank, after)
    assert [m["type"] for m in found] == ["camt.054"]
    notice = parsed(found[0])
    assert texts(notice, "EndToEndId") == ["RET"]
    assert set(texts(notice, "CdtDbtInd")) == {"CRDT"}
    assert notice.find(".//{*}RtrInf/{*}Rsn/{*}Cd").text == "AC04"
    assert _answers(http, headers, bank, found[-1]["seq"]) == []  # returned once


def test_the_statement_balances(http: TestClient, headers, bank, accounts) -> None:
    send(
        http,
        headers,
        File([_line(a, f"S{n}", amount=700_000) for n, a in enumerate(accounts[:2])]).xml(),
    )
    after = _answers(http, headers, bank)[-1]["seq"]
    assert http.post("/v1/admin/statements", headers=headers).status_code == 204
    (statement,) = messages(http, headers, after)
    root = parsed(statement)
    balances = {
        b.findtext("{*}Tp/{*}CdOrPrtry/{*}Cd"): int(b.findtext("{*}Amt"))
        for b in root.iter("{*}Bal")
    }
    assert balances == {
        "OPBD": agency_account().balance,
        "CLBD": agency_account().balance - 1_400_000,
    }
    assert texts(root, "EndToEndId") == ["S0", "S1"]
    assert http.post("/v1/admin/statements", headers=headers).status_code == 204
    assert messages(http, headers, statement["seq"]) == []  # nothing new to state


def test_returns_follow_deaths_and_configured_rates(
    http: TestClient, headers, bank, accounts
) -> None:
    http.post("/v1/admin/config", json={"return_rates": {"NARR": 1.0}}, headers=headers)
    send(http, headers, File([_line(accounts[0], "DRAWN")], msg_id="M-R").xml())
    processor.tick(bank)  # the return is drawn when the payment is booked
    http.post("/v1/admin/config", json={"return_rates": {}}, headers=headers)
    send(http, headers, File([_line(accounts[1], "DIED")], msg_id="M-D").xml())
    processor.tick(bank)
    http.post("/v1/admin/accounts/{bin}/{account}/deceased".format(**accounts[1]), headers=headers)
    processor.tick(bank)
    returns = [parsed(m) for m in messages(http, headers)]
    credits = {
        texts(r, "EndToEndId")[0]: r.find(".//{*}RtrInf/{*}Rsn/{*}Cd").text
        for r in returns
        if "CRDT" in texts(r, "CdtDbtInd")
    }
    assert credits == {"DRAWN": "NARR", "DIED": "MD07"}
