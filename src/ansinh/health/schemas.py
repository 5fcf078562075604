"""Request and response shapes of the health insurance API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ansinh.core.events.schemas import DomainEvent
from ansinh.core.text import Text
from ansinh.geo.schemas import ProvinceCodeStr
from ansinh.health.eligibility.results import Outcome
from ansinh.health.eligibility.service import CardQuery, CardView, PersonView, Verdict
from ansinh.health.enums import CardStatus
from ansinh.health.models import FacilityUser
from ansinh.identity import mask, parse_card_key
from ansinh.identity.schemas import FacilityCodeStr, PersonalIdStr
from ansinh.registry.schemas import FullName

FacilityLevel = Literal["primary", "basic", "specialised"]
EndReason = Literal[
    "lapsed", "death", "moved_province", "moved_within", "re_enrolled", "stopped", "withdrawn"
]
VisitType = Literal["outpatient", "inpatient", "emergency"]


def _card_key(text: str) -> str:
    key = parse_card_key(text)
    if key.kind == "personal_id":
        raise ValueError("send a personal ID as personal_id, not card_code")
    return key.identifier.value


CardKeyStr = Annotated[
    str,
    AfterValidator(_card_key),
    Field(description="10-digit SI number (printed on cards since 2021) or 15-character code"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, hide_input_in_errors=True)


class ChipData(_Strict):
    """What the chip of a CCCD card gives: personal ID, name and date of birth."""

    personal_id: PersonalIdStr
    full_name: FullName
    date_of_birth: date


class EligibilityRequest(_Strict):
    """A clinic's check: exactly one of personal_id, card_code or chip; facility and visit date."""

    personal_id: PersonalIdStr | None = None
    card_code: CardKeyStr | None = None
    chip: ChipData | None = None
    facility_code: FacilityCodeStr
    visit_date: date | None = Field(default=None, description="Default: today in Vietnam")

    @model_validator(mode="after")
    def _one_key(self) -> EligibilityRequest:
        given = [k for k in ("personal_id", "card_code", "chip") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("send exactly one of personal_id, card_code or chip")
        return self

    def query(self) -> CardQuery:
        """The lookup this request asks for."""
        if self.chip is not None:
            return CardQuery(
                "chip",
                self.chip.personal_id,
                full_name=self.chip.full_name,
                date_of_birth=self.chip.date_of_birth,
            )
        if self.personal_id is not None:
            return CardQuery("personal_id", self.personal_id)
        assert self.card_code is not None  # the validator guarantees one key
        return CardQuery(parse_card_key(self.card_code).kind, self.card_code)


class CardRead(BaseModel):
    """A card as a clinic or an officer sees it."""

    card_id: int
    card_code: str
    si_number: str
    object_code: str
    benefit_level: int
    province_code: str
    valid_from: date
    valid_to: date
    registered_facility_code: str | None
    registered_facility_name: str | None
    five_years_from: date | None
    status: CardStatus
    status_reason: EndReason | None = None

    @classmethod
    def of(cls, card: CardView) -> CardRead:
        """Shape a card read on the hot path."""
        return cls(
            card_id=card.card_id,
            card_code=card.code,
            si_number=card.si_number,
            object_code=card.object_code,
            benefit_level=card.benefit_level,
            province_code=card.province_code,
            valid_from=card.valid_from,
            valid_to=card.valid_to,
            registered_facility_code=card.facility_code,
            registered_facility_name=card.facility_name,
            five_years_from=card.five_years_from,
            status=card.status,
            status_reason=card.status_reason,
        )


class HolderRead(BaseModel):
    """The card holder's name, birth date and sex (no personal ID, no address)."""

    full_name: str
    date_of_birth: date
    sex: Literal["M", "F"]

    @classmethod
    def of(cls, person: PersonView) -> HolderRead:
        """Shape the person found on the hot path."""
        return cls(
            full_name=person.full_name,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
        )


class ConfirmedHolder(BaseModel):
    """The holder's details the clinic presented, as the register confirms them; nothing more."""

    full_name: str | None = Field(description="Only when the clinic sent a name")
    date_of_birth: date | None = Field(description="Only when the clinic sent a birth date")

    @classmethod
    def of(cls, query: CardQuery, person: PersonView) -> ConfirmedHolder | None:
        """Confirm what `query` presented; None for a bare key, so a key reveals no identity."""
        if query.full_name is None and query.date_of_birth is None:
            return None
        return cls(
            full_name=person.full_name if query.full_name is not None else None,
            date_of_birth=query.date_of_birth,
        )


class EligibilityRead(BaseModel):
    """The answer: result code and message, and the card when the details matched."""

    check_id: uuid.UUID
    result: Outcome
    code: str = Field(description="Assessment-gateway result code (maKetQua), e.g. 000")
    message: str
    usable: bool = Field(description="True for codes 000-004: the card may be used")
    notes: list[str]
    facility_code: str
    visit_date: date
    registered_facility: bool | None
    holder: ConfirmedHolder | None
    card: CardRead | None
    new_card: CardRead | None

    @classmethod
    def of(
        cls,
        verdict: Verdict,
        *,
        query: CardQuery,
        check_id: uuid.UUID,
        facility_code: str,
        visit_date: date,
    ) -> EligibilityRead:
        """Shape a verdict; card data only when a card was matched."""
        shown = verdict.card is not None
        return cls(
            check_id=check_id,
            result=verdict.outcome,
            code=verdict.result.code,
            message=verdict.result.message,
            usable=verdict.result.usable,
            notes=list(verdict.notes),
            facility_code=facility_code,
            visit_date=visit_date,
            registered_facility=verdict.registered_facility,
            holder=ConfirmedHolder.of(query, verdict.person) if shown and verdict.person else None,
            card=CardRead.of(verdict.card) if verdict.card else None,
            new_card=CardRead.of(verdict.new_card) if verdict.new_card else None,
        )


class FacilityCreate(_Strict):
    """A medical facility to register."""

    code: FacilityCodeStr
    name: Text = Field(min_length=3, max_length=300)
    level: FacilityLevel
    province_code: ProvinceCodeStr
    primary_care: bool = True


class FacilityRead(BaseModel):
    """A registered medical facility."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    level: FacilityLevel
    province_code: str
    primary_care: bool
    active: bool


class FacilityUserCreate(_Strict):
    """A clerk who may look cards up for the facility (checked as cccdCb/hoTenCb)."""

    personal_id: PersonalIdStr
    full_name: FullName


class FacilityUserRead(BaseModel):
    """A clerk on a facility's user list; the personal ID is shown masked."""

    user_id: int
    full_name: str
    personal_id_masked: str

    @classmethod
    def of(cls, user: FacilityUser) -> FacilityUserRead:
        """Shape a clerk, masking the personal ID."""
        return cls(
            user_id=user.user_id,
            full_name=user.full_name,
            personal_id_masked=mask(user.personal_id),
        )


class CardChange(_Strict):
    """A change to a current card: primary-care facility, suspension, reinstatement, ending."""

    facility_code: FacilityCodeStr | None = None
    status: CardStatus | None = None
    reason: EndReason | None = None
    effective_on: date | None = Field(default=None, description="Default: today in Vietnam")

    @model_validator(mode="after")
    def _something(self) -> CardChange:
        if self.facility_code is None and self.status is None:
            raise ValueError("send facility_code, status, or both")
        if self.status in ("ended", "withdrawn") and self.reason is None:
            raise ValueError("ending or withdrawing a card needs a reason")
        return self


class FundCard(BaseModel):
    """A card a fund pays for (TN: the unemployment fund): whose, what, where, from and to."""

    si_number: str
    object_code: str
    province_code: str
    valid_from: date
    valid_to: date


class CardWithQr(BaseModel):
    """A person's current card with its signed QR payload (a compact JWS)."""

    holder: HolderRead
    card: CardRead
    qr_jws: str


class CheckInCreate(_Strict):
    """A visit check-in after a usable eligibility check at the same facility."""

    check_id: uuid.UUID
    visit_type: VisitType
    checked_in_at: datetime | None = Field(default=None, description="Default: now")


class CheckInRead(BaseModel):
    """A recorded check-in."""

    model_config = ConfigDict(from_attributes=True)

    check_in_id: int
    check_id: uuid.UUID
    facility_code: str
    card_id: int
    visit_type: VisitType
    checked_in_at: datetime


class DailyCount(BaseModel):
    """Checks and check-ins on one day for one facility or province."""

    day: date
    key: str
    checks: int
    usable_checks: int
    check_ins: int


class QrVerify(_Strict):
    """A compact JWS read from a card's QR code."""

    token: str = Field(min_length=20, max_length=4000)


class QrVerified(BaseModel):
    """The verified claims of a card QR (signature checked against the platform key)."""

    kid: str
    claims: dict[str, str | int]


class CardIssued(DomainEvent):
    """A health insurance card was issued (a first card or a renewal replacing the old one)."""

    name: ClassVar[str] = "CardIssued"
    card_id: int
    si_number: str
    object_code: str
    valid_from: date
    valid_to: date
    renewal: bool
