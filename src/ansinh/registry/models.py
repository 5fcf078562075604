"""Registry tables: persons (keyed by SI number), employers, employments and salary history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ansinh.core.db import Base, Timestamped
from ansinh.registry.enums import AuthStatus

DOB_PRECISIONS = ("day", "month", "year")
AUTH_STATUSES = tuple(s.value for s in AuthStatus)
WAGE_REGIONS = ("I", "II", "III", "IV")
CONTRACT_TYPES = ("indefinite", "definite", "short_term")


class Person(Base, Timestamped):
    """An insured person; the SI number is the key, the personal ID unique when known."""

    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint(f"dob_precision IN {DOB_PRECISIONS!r}", name="dob_precision"),
        CheckConstraint("sex IN ('M', 'F')", name="sex"),
        CheckConstraint(f"auth_status IN {AUTH_STATUSES!r}", name="auth_status"),
        Index("ix_persons_province_code", "province_code"),
    )

    si_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    personal_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    old_id_card: Mapped[str | None] = mapped_column(String(9))
    full_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    dob_precision: Mapped[str] = mapped_column(String(5), server_default="day")
    sex: Mapped[str] = mapped_column(String(1))
    birth_registration_code: Mapped[str | None] = mapped_column(String(3))
    address: Mapped[str | None] = mapped_column(Text)
    province_code: Mapped[str | None] = mapped_column(String(2))
    auth_status: Mapped[str] = mapped_column(String(12), server_default="unverified")
    auth_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Employer(Base, Timestamped):
    """A contributing unit (enterprise, agency, organisation)."""

    __tablename__ = "employers"
    __table_args__ = (CheckConstraint(f"wage_region IN {WAGE_REGIONS!r}", name="wage_region"),)

    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(String(2))
    wage_region: Mapped[str] = mapped_column(String(3))
    size: Mapped[int | None] = mapped_column(Integer)


class Employment(Base, Timestamped):
    """A person's contract with an employer over a period (open-ended when `end_date` is null)."""

    __tablename__ = "employments"
    __table_args__ = (
        CheckConstraint(f"contract_type IN {CONTRACT_TYPES!r}", name="contract_type"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
        Index("ix_employments_si_number", "si_number"),
        Index("ix_employments_unit_code", "unit_code"),
    )

    employment_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"))
    unit_code: Mapped[str] = mapped_column(ForeignKey("employers.unit_code"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    contract_type: Mapped[str] = mapped_column(String(12))

    salaries: Mapped[list[Salary]] = relationship(
        order_by="Salary.effective_from", lazy="selectin", cascade="all, delete-orphan"
    )


class Salary(Base):
    """A contract salary in force from a date until the next row of the same employment."""

    __tablename__ = "salaries"
    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)

    employment_id: Mapped[int] = mapped_column(
        ForeignKey("employments.employment_id", ondelete="CASCADE"), primary_key=True
    )
    effective_from: Mapped[date] = mapped_column(Date, primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)


class Career(Base):
    """A step of a working life before the platform: one employer (or self-paid), one salary."""

    __tablename__ = "careers"
    __table_args__ = (
        CheckConstraint("scheme IN ('compulsory', 'voluntary')", name="scheme"),
        CheckConstraint("(scheme = 'compulsory') = (unit_code IS NOT NULL)", name="unit"),
        CheckConstraint("first_month <= last_month", name="months"),
        CheckConstraint("salary > 0", name="salary"),
    )

    si_number: Mapped[str] = mapped_column(ForeignKey("persons.si_number"), primary_key=True)
    first_month: Mapped[date] = mapped_column(Date, primary_key=True)
    last_month: Mapped[date] = mapped_column(Date)
    scheme: Mapped[str] = mapped_column(String(10))
    unit_code: Mapped[str | None] = mapped_column(ForeignKey("employers.unit_code"))
    salary: Mapped[int] = mapped_column(BigInteger)
