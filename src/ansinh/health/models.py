"""Health insurance tables: facilities and their clerks, cards, the check log and check-ins."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    SmallInteger,
    String,
    UniqueConstraint,
    Uuid,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base, Timestamped
from ansinh.health.enums import CardStatus

FACILITY_LEVELS = ("primary", "basic", "specialised")
CARD_STATUSES = tuple(s.value for s in CardStatus)
CARD_STATUS_REASONS = (
    "lapsed",
    "death",
    "moved_province",
    "moved_within",
    "re_enrolled",
    "stopped",
    "withdrawn",
)
CHANNELS = ("api", "fhir", "gateway")
KEY_KINDS = ("personal_id", "si_number", "hi_card", "chip")
VISIT_TYPES = ("outpatient", "inpatient", "emergency")


class Facility(Base, Timestamped):
    """A medical facility (cơ sở KCB) by its 5-digit code; clinics act as its API client."""

    __tablename__ = "hi_facilities"
    __table_args__ = (
        CheckConstraint(f"level IN {FACILITY_LEVELS!r}", name="level"),
        Index("ix_hi_facilities_province_code", "province_code"),
    )

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(12))
    province_code: Mapped[str] = mapped_column(String(2))
    primary_care: Mapped[bool] = mapped_column(Boolean, server_default=true())
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())


class FacilityUser(Base, Timestamped):
    """A clerk allowed to look cards up for a facility (the gateway's 054/055 checks)."""

    __tablename__ = "hi_facility_users"
    __table_args__ = (UniqueConstraint("facility_code", "personal_id", name="facility_person"),)

    user_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    facility_code: Mapped[str] = mapped_column(ForeignKey("hi_facilities.code"))
    personal_id: Mapped[str] = mapped_column(String(12))
    full_name: Mapped[str] = mapped_column(String(100))


class GatewayAccount(Base, Timestamped):
    """Gateway-compatible credentials of an API client: scrypt of the MD5 hex it sends."""

    __tablename__ = "hi_gateway_accounts"

    client_id: Mapped[str] = mapped_column(ForeignKey("api_clients.client_id"), primary_key=True)
    password_salt: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(128))


class Card(Base, Timestamped):
    """One HI card; renewals, suspensions and endings change rows, never delete them."""

    __tablename__ = "hi_cards"
    __table_args__ = (
        CheckConstraint("benefit_level BETWEEN 1 AND 5", name="benefit_level"),
        CheckConstraint("valid_to >= valid_from", name="validity"),
        CheckConstraint(f"status IN {CARD_STATUSES!r}", name="status"),
        CheckConstraint(
            f"status_reason IS NULL OR status_reason IN {CARD_STATUS_REASONS!r}",
            name="status_reason",
        ),
        Index("ix_hi_cards_si_number", "si_number"),
        # The current card of a person is the one not replaced: at most one.
        Index(
            "uq_hi_cards_current",
            "si_number",
            unique=True,
            postgresql_where=text("replaced_by IS NULL"),
        ),
    )

    card_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    object_code: Mapped[str] = mapped_column(String(2))
    benefit_level: Mapped[int] = mapped_column(SmallInteger)
    province_code: Mapped[str] = mapped_column(String(2))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    facility_code: Mapped[str | None] = mapped_column(ForeignKey("hi_facilities.code"))
    five_years_from: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), server_default="active")
    status_reason: Mapped[str | None] = mapped_column(String(16))
    status_changed_on: Mapped[date | None] = mapped_column(Date)
    replaced_by: Mapped[int | None] = mapped_column(ForeignKey("hi_cards.card_id"))

    @property
    def code(self) -> str:
        """The 15-character card code: object code, level, issuing province, SI number."""
        return f"{self.object_code}{self.benefit_level}{self.province_code}{self.si_number}"


class Check(Base):
    """One eligibility check (a "verification turn"); append-only, and the clinic's audit record."""

    __tablename__ = "hi_checks"
    __table_args__ = (
        CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
        CheckConstraint(f"key_kind IN {KEY_KINDS!r}", name="key_kind"),
        Index("ix_hi_checks_si_number", "si_number"),
        Index("ix_hi_checks_checked_at", "checked_at", postgresql_using="brin"),
    )

    check_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    facility_code: Mapped[str] = mapped_column(String(5))
    client_id: Mapped[str] = mapped_column(String(64))
    clerk_id: Mapped[int | None] = mapped_column(BigInteger)
    channel: Mapped[str] = mapped_column(String(8))
    key_kind: Mapped[str] = mapped_column(String(12))
    si_number: Mapped[str | None] = mapped_column(String(10))
    card_id: Mapped[int | None] = mapped_column(BigInteger)
    visit_date: Mapped[date] = mapped_column(Date)
    result_code: Mapped[str] = mapped_column(String(3))


class CheckIn(Base):
    """A visit recorded by a clinic after a usable eligibility check."""

    __tablename__ = "hi_check_ins"
    __table_args__ = (
        CheckConstraint(f"visit_type IN {VISIT_TYPES!r}", name="visit_type"),
        Index("ix_hi_check_ins_checked_in_at", "checked_in_at", postgresql_using="brin"),
    )

    check_in_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    check_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hi_checks.check_id"), unique=True)
    facility_code: Mapped[str] = mapped_column(String(5))
    client_id: Mapped[str] = mapped_column(String(64))
    si_number: Mapped[str] = mapped_column(String(10))
    card_id: Mapped[int] = mapped_column(ForeignKey("hi_cards.card_id"))
    visit_type: Mapped[str] = mapped_column(String(10))
    checked_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
