"""Request and response shapes of the civil registry sandbox (personal IDs only in bodies)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

PersonalId = Annotated[str, Field(pattern=r"^\d{12}$", description="12-digit personal ID")]
RecordId = Annotated[str, Field(min_length=1, max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class BirthIn(_Strict):
    """A birth to register (code 2.000986): the child and the parents' personal IDs."""

    record_id: RecordId | None = None
    full_name: Annotated[str, Field(min_length=1, max_length=100)]
    date_of_birth: date
    sex: Literal["M", "F"]
    province_code: Annotated[str, Field(pattern=r"^\d{2}$")]
    mother_personal_id: PersonalId | None = None
    father_personal_id: PersonalId | None = None
    registered_on: date | None = None


class Dependant(_Strict):
    """A relative the deceased supported, as the family declares them for survivors' benefits."""

    full_name: Annotated[str, Field(min_length=1, max_length=100)]
    relation: Literal["child", "spouse", "parent", "other"]
    birth_date: date | None = None
    personal_id: PersonalId | None = None


class FuneralApplication(_Strict):
    """The interconnected death application's funeral part (code 1.006714).

    `regime` is the applicant's choice: the SI-law funeral grant (VSS), the meritorious-person
    funeral allowance, the social-protection or the emergency-support one.
    """

    regime: Literal["si_funeral", "meritorious", "social_protection", "emergency"] = "si_funeral"
    requester_personal_id: PersonalId
    relationship: Annotated[str, Field(min_length=1, max_length=40)]
    organiser_personal_id: PersonalId
    receipt_channel: Literal["cash", "account"]
    hometown: Annotated[str, Field(max_length=200)] | None = None
    cash_place: Annotated[str, Field(max_length=200)] | None = None
    dependants: Annotated[list[Dependant], Field(max_length=12)] = []
    survivor_choice: Literal["monthly", "lump_sum"] | None = None
    bank_bin: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    account_number: Annotated[str, Field(pattern=r"^\d{6,19}$")] | None = None

    @model_validator(mode="after")
    def _account_given(self) -> FuneralApplication:
        if self.receipt_channel == "account" and not (self.bank_bin and self.account_number):
            raise ValueError("an account receipt needs bank_bin and account_number")
        return self


class DeathIn(_Strict):
    """A death to register (code 1.006714), with the family's funeral application if any."""

    record_id: RecordId | None = None
    personal_id: PersonalId
    date_of_death: date
    registered_on: date | None = None
    application: FuneralApplication | None = None


class Registered(BaseModel):
    """What a registration produced: the notification's event id and the civil record id."""

    event_id: uuid.UUID
    record_id: str
    personal_id: str


class SearchIn(_Strict):
    """Find registrations again by event id or civil record id."""

    event_id: uuid.UUID | None = None
    record_id: RecordId | None = None

    @model_validator(mode="after")
    def _one_given(self) -> SearchIn:
        if self.event_id is None and self.record_id is None:
            raise ValueError("give event_id or record_id")
        return self


class Registration(BaseModel):
    """One stored registration as it was notified."""

    event_id: uuid.UUID
    kind: Literal["birth", "death"]
    record_id: str
    registered_at: datetime
    body: dict[str, Any]


class SubscriptionIn(_Strict):
    """Subscribe a callback URL to births and deaths (DCI `subscribe`)."""

    callback_url: HttpUrl


class Subscribed(BaseModel):
    """The subscription's id, carried in every notification's header."""

    subscription_id: uuid.UUID
