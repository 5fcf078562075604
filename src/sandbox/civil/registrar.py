"""Register births and deaths: the population register over HTTP, then a stored registration."""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any

import httpx

from sandbox.civil import store
from sandbox.civil.schemas import BirthIn, DeathIn, Registered

ID_TRIES = 5


class RegisterRefused(Exception):
    """The population register refused the change (status and its reason)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _new_personal_id(birth: BirthIn) -> str:
    """A personal ID for a child: the birth place's code, century and sex, year, a serial."""
    place = birth.mother_personal_id[:3] if birth.mother_personal_id else f"0{birth.province_code}"
    century = (birth.date_of_birth.year // 100 - 19) * 2 + (birth.sex == "F")
    return f"{place}{century}{birth.date_of_birth.year % 100:02d}{secrets.randbelow(10**6):06d}"


def _register_call(population: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    response = population.post(path, json=body)
    if response.status_code >= 300 and response.status_code != 409:
        raise RegisterRefused(response.status_code, response.text[:300])
    return response


def register_birth(
    connection: store.Connection, population: httpx.Client, birth: BirthIn
) -> Registered:
    """Give the child a personal ID in the population register and record the birth."""
    record_id = birth.record_id or f"KS-{uuid.uuid4().hex[:12]}"
    for _ in range(ID_TRIES):
        personal_id = _new_personal_id(birth)
        event = {
            "kind": "birth",
            "personal_id": personal_id,
            "full_name": birth.full_name,
            "date_of_birth": birth.date_of_birth.isoformat(),
            "sex": birth.sex,
            "province": birth.province_code,
        }
        if _register_call(population, "/v1/events", event).status_code != 409:
            break
    else:
        raise RegisterRefused(409, "no free personal ID after several draws")
    body = birth.model_dump(mode="json") | {
        "record_id": record_id,
        "personal_id": personal_id,
        "registered_on": (birth.registered_on or date.today()).isoformat(),
    }
    event_id = store.add_registration(connection, kind="birth", record_id=record_id, body=body)
    return Registered(event_id=event_id, record_id=record_id, personal_id=personal_id)


def register_death(
    connection: store.Connection, population: httpx.Client, death: DeathIn
) -> Registered:
    """Mark the person dead in the population register and record the death."""
    found = population.post("/v1/citizens/lookup", json={"personal_id": death.personal_id})
    if found.status_code != 200:
        raise RegisterRefused(404 if found.status_code == 404 else 502, "no such citizen")
    citizen = found.json()
    if citizen["alive"]:
        _register_call(
            population, "/v1/events", {"kind": "death", "record_id": citizen["record_id"]}
        )
    record_id = death.record_id or f"KT-{uuid.uuid4().hex[:12]}"
    body = death.model_dump(mode="json") | {
        "record_id": record_id,
        "registered_on": (death.registered_on or date.today()).isoformat(),
    }
    event_id = store.add_registration(connection, kind="death", record_id=record_id, body=body)
    return Registered(event_id=event_id, record_id=record_id, personal_id=death.personal_id)
