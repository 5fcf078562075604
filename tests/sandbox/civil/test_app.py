"""The civil registry sandbox: births and deaths reach the population register; signed notices
are retried with back-off until acknowledged; registrations can be fetched again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from joserfc import jws
from joserfc.jwk import KeySet

from sandbox.civil import notify, store
from tests.sandbox.civil.conftest import Sandboxes

MOTHER = "079185000123"
BIRTH = {
    "full_name": "Trần Minh An",
    "date_of_birth": "2026-11-30",
    "sex": "M",
    "province_code": "79",
    "mother_personal_id": MOTHER,
}


def _subscribe(sandboxes: Sandboxes) -> str:
    body = {"callback_url": "http://subscriber.test/notify"}
    answer = sandboxes.http.post("/v1/subscriptions", json=body, headers=sandboxes.headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["subscription_id"])


def test_a_birth_gives_the_child_a_personal_id_in_the_population_register(
    sandboxes: Sandboxes,
) -> None:
    answer = sandboxes.http.post("/v1/births", json=BIRTH, headers=sandboxes.headers)
    assert answer.status_code == 201, answer.text
    personal_id = answer.json()["personal_id"]
    assert personal_id.startswith("079226")  # mother's place, 21st-century boy, born 2026
    assert sandboxes.alive(personal_id) is True


def test_a_death_marks_the_person_dead_and_an_unknown_one_is_refused(
    sandboxes: Sandboxes,
) -> None:
    sandboxes.add_citizen(MOTHER, "Lê Thị Hoa", "1985-02-01", "F")
    body = {"personal_id": MOTHER, "date_of_death": "2026-12-01"}
    assert sandboxes.http.post("/v1/deaths", json=body, headers=sandboxes.headers).is_success
    assert sandboxes.alive(MOTHER) is False
    stranger = body | {"personal_id": "079185999999"}
    refused = sandboxes.http.post("/v1/deaths", json=stranger, headers=sandboxes.headers)
    assert refused.status_code == 404


def test_notifications_are_signed_retried_with_back_off_and_stop_once_acknowledged(
    sandboxes: Sandboxes, received: list[httpx.Request], answers: list[int]
) -> None:
    subscription_id = _subscribe(sandboxes)
    event_id = sandboxes.http.post("/v1/births", json=BIRTH, headers=sandboxes.headers).json()[
        "event_id"
    ]
    answers.extend([503, 500])
    start = datetime.now(UTC)
    assert notify.deliver_due(sandboxes.civil, sandboxes.http_notifier, now=start) == (0, 1)
    assert notify.deliver_due(sandboxes.civil, sandboxes.http_notifier, now=start) == (0, 0)
    later = start + notify.back_off(1)
    assert notify.deliver_due(sandboxes.civil, sandboxes.http_notifier, now=later) == (0, 1)
    with sandboxes.civil.connect() as connection:
        (row,) = store.deliveries(connection)
    assert row["next_at"] - later == notify.back_off(2) == 2 * notify.back_off(1)
    final = later + notify.back_off(2)
    assert notify.deliver_due(sandboxes.civil, sandboxes.http_notifier, now=final) == (1, 0)
    assert notify.deliver_due(
        sandboxes.civil, sandboxes.http_notifier, now=final + timedelta(days=1)
    ) == (0, 0)
    assert len(received) == 3
    keys = KeySet.import_key_set(sandboxes.http.get("/.well-known/jwks.json").json())
    signed = jws.deserialize_compact(received[-1].content.decode(), keys, algorithms=["ES256"])
    envelope = httpx.Response(200, content=signed.payload).json()
    assert envelope["header"]["subscription_id"] == subscription_id
    assert envelope["message"]["event_id"] == event_id
    assert envelope["message"]["registration"]["mother_personal_id"] == MOTHER


def test_a_registration_can_be_fetched_again_and_renotified(
    sandboxes: Sandboxes, received: list[httpx.Request]
) -> None:
    _subscribe(sandboxes)
    made = sandboxes.http.post("/v1/births", json=BIRTH, headers=sandboxes.headers).json()
    found = sandboxes.http.post(
        "/v1/registrations/search", json={"record_id": made["record_id"]}, headers=sandboxes.headers
    )
    assert [r["event_id"] for r in found.json()] == [made["event_id"]]
    assert sandboxes.http.post("/v1/notifications/deliver", headers=sandboxes.headers).json() == {
        "delivered": 1,
        "failed": 0,
    }
    again = sandboxes.http.post(
        f"/v1/registrations/{made['event_id']}/renotify", headers=sandboxes.headers
    )
    assert again.json() == {"queued": 1}
    sandboxes.http.post("/v1/notifications/deliver", headers=sandboxes.headers)
    assert len(received) == 2 and received[0].content != received[1].content


def test_callers_without_a_key_are_refused(sandboxes: Sandboxes) -> None:
    assert sandboxes.http.post("/v1/births", json=BIRTH).status_code == 401
