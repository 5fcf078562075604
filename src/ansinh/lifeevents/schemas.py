"""Shapes of the civil registry's notifications and of the inbox's answers."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["accepted", "duplicate", "refused"]
MAX_EVENTS = 250  # about 90 kB signed: under the JWS size limit


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Header(_Loose):
    """The envelope's header: which subscription the notification answers."""

    subscription_id: uuid.UUID
    action: Literal["notify"]


class Message(_Loose):
    """The envelope's message: one registration."""

    event_id: uuid.UUID
    event_type: Literal["birth", "death"]
    record_id: str
    registration: dict[str, object]


class BatchMessage(_Loose):
    """Several registrations in one message (the DCI `notify_event` list)."""

    notify_event: list[Message] = Field(min_length=1, max_length=MAX_EVENTS)


class Envelope(_Loose):
    """A signed notification's payload: one registration, or a batch of them."""

    header: Header
    message: Message | BatchMessage

    @property
    def events(self) -> list[Message]:
        """The registrations the message carries."""
        if isinstance(self.message, BatchMessage):
            return self.message.notify_event
        return [self.message]


class BirthBody(_Loose):
    """A birth registration's facts."""

    record_id: str
    personal_id: str
    full_name: str
    date_of_birth: date
    sex: Literal["M", "F"]
    province_code: str
    mother_personal_id: str | None = None
    father_personal_id: str | None = None
    registered_on: date


class Dependant(_Loose):
    """A relative the family declared for survivors' benefits."""

    full_name: str
    relation: Literal["child", "spouse", "parent", "other"]
    birth_date: date | None = None


class Application(_Loose):
    """The family's funeral application carried by the death registration (1.006714)."""

    regime: Literal["si_funeral", "meritorious", "social_protection", "emergency"] = "si_funeral"
    requester_personal_id: str
    relationship: str
    organiser_personal_id: str
    receipt_channel: Literal["cash", "account"]
    bank_bin: str | None = None
    account_number: str | None = None
    hometown: str | None = None
    dependants: list[Dependant] = []
    survivor_choice: Literal["monthly", "lump_sum"] | None = None


class DeathBody(_Loose):
    """A death registration's facts, with the family's application if any."""

    record_id: str
    personal_id: str
    date_of_death: date
    registered_on: date
    application: Application | None = None


class Receipt(BaseModel):
    """What the inbox did with a notification (refusals carry their reason)."""

    outcome: Outcome
    inbox_id: int
    reason: str | None = None
    events: int = 1
    duplicates: int = 0


class ChainCount(BaseModel):
    """Integrated-procedure records of one chain: handled, and settled within the deadline."""

    kind: Literal["birth", "death"]
    handled: int
    within_deadline: int
    deadline_working_days: int

    @property
    def share_within(self) -> float:
        """The share settled within the deadline (0 when none were handled)."""
        return self.within_deadline / self.handled if self.handled else 0.0


class ChildCard(BaseModel):
    """A parent's child and the child's HI card (TE group), as the portal shows it."""

    full_name: str
    date_of_birth: date
    object_code: str | None
    benefit_level: int | None
    valid_from: date | None
    valid_to: date | None
    status: str | None
    facility_name: str | None
