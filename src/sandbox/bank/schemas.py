"""Request and response shapes of the sandbox bank, and its configuration."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Bin = Annotated[str, Field(pattern=r"^\d{6}$", description="6-digit NAPAS BIN")]
AccountNumber = Annotated[str, Field(pattern=r"^\d{6,19}$", description="bank account number")]
Share = Annotated[float, Field(ge=0, le=1)]
Seconds = Annotated[float, Field(ge=0, le=86_400 * 31)]
# Reasons a transaction can be rejected with at random (ISO 20022 external status reason codes).
RejectCode = Literal["AC01", "AC03", "AC04", "AC06", "AG01", "AM02", "BE01", "MD07", "NARR"]
ReturnCode = Literal["AC04", "MD07", "NARR"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NameInquiry(_Strict):
    """An account to look up: the bank's BIN and the account number."""

    bin: Bin
    account: AccountNumber


class Holder(BaseModel):
    """The account holder's name as the bank holds it, and the account's status."""

    holder: str
    status: Literal["active", "closed", "blocked"]


class Accepted(BaseModel):
    """A payment file taken in (or the one already taken in with the same MsgId)."""

    file_id: str
    msg_id: str | None


class Message(BaseModel):
    """One report in the bank's outbox."""

    seq: int
    type: Literal["pain.002", "camt.054", "camt.053"]
    created_at: str
    xml: str


class MessagePage(BaseModel):
    """Messages after a sequence number; ask again with `after=next`."""

    messages: list[Message]
    next: int


class VietQR(BaseModel):
    """An EMVCo VietQR payload for an account."""

    payload: str


class Config(_Strict):
    """Delays (seconds) of the asynchronous steps and failure rates per reason code."""

    status_delay_seconds: Seconds = 1.0
    booking_delay_seconds: Seconds = 2.0
    return_delay_seconds: Seconds = 5.0
    return_window_seconds: Seconds = 7 * 86_400.0
    poll_seconds: Annotated[float, Field(gt=0, le=3_600)] = 1.0
    max_backdate_days: Annotated[int, Field(ge=0, le=366)] = 5
    failure_rates: dict[RejectCode, Share] = Field(default_factory=dict)
    return_rates: dict[ReturnCode, Share] = Field(default_factory=dict)


class ConfigChange(_Strict):
    """The settings to change; the others keep their values."""

    status_delay_seconds: Seconds | None = None
    booking_delay_seconds: Seconds | None = None
    return_delay_seconds: Seconds | None = None
    return_window_seconds: Seconds | None = None
    poll_seconds: Annotated[float, Field(gt=0, le=3_600)] | None = None
    max_backdate_days: Annotated[int, Field(ge=0, le=366)] | None = None
    failure_rates: dict[RejectCode, Share] | None = None
    return_rates: dict[ReturnCode, Share] | None = None
