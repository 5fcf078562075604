"""The back office runs by itself in the served app: a file is answered without anyone ticking."""

import time

from fastapi.testclient import TestClient

from sandbox.bank.app import create_app
from tests.sandbox.bank.kit import File, Line, messages, send


def test_the_served_bank_answers_in_the_background(bank, headers, accounts) -> None:
    account = accounts[0]
    with TestClient(create_app(bank)) as http:
        change = {"poll_seconds": 0.1, "status_delay_seconds": 0, "booking_delay_seconds": 0}
        assert http.post("/v1/admin/config", json=change, headers=headers).status_code == 200
        line = Line(account["bin"], account["account"], account["holder"], end_to_end_id="BG")
        assert send(http, headers, File([line]).xml()).status_code == 202
        deadline = time.monotonic() + 20
        while len(messages(http, headers)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        kinds = [m["type"] for m in messages(http, headers)]
    assert kinds == ["pain.002", "pain.002", "camt.054"]
