"""Request and response shapes of the registry API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ansinh.core import clock
from ansinh.core.events.schemas import DomainEvent
from ansinh.core.text import PersonName, Text
from ansinh.geo.schemas import ProvinceCodeStr
from ansinh.identity import check_personal_id_matches, parse_personal_id
from ansinh.identity.schemas import OldIdCardStr, PersonalIdStr, SiNumberStr
from ansinh.registry.enums import AuthStatus

Sex = Literal["M", "F"]
DobPrecision = Literal["day", "month", "year"]
WageRegion = Literal["I", "II", "III", "IV"]
ContractType = Literal["indefinite", "definite", "short_term"]
ChangeSource = Literal["registry", "population_register"]
FullName = Annotated[PersonName, Field(min_length=2, max_length=100)]
UnitCode = Annotated[str, Field(pattern=r"^[A-Z0-9]{5,12}$", examples=["TA1234A"])]
TaxCode = Annotated[str, Field(pattern=r"^\d{10}(-\d{3})?$", examples=["0301234567"])]
Vnd = Annotated[int, Field(gt=0, le=10_000_000_000, description="Whole VND")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_partial_date(value: date | None, precision: str | None) -> None:
    if value is None or precision is None:
        return
    if precision == "month" and value.day != 1:
        raise ValueError("a date of birth known to the month must be given as its first day")
    if precision == "year" and (value.month, value.day) != (1, 1):
        raise ValueError("a date of birth known to the year must be given as 1 January")


def _check_id_agrees(personal_id: str | None, date_of_birth: date | None, sex: str | None) -> None:
    if personal_id is None:
        return
    reasons = check_personal_id_matches(
        parse_personal_id(personal_id),
        birth_year=date_of_birth.year if date_of_birth else None,
        sex=sex,
    )
    if reasons:
        raise ValueError("; ".join(reasons))


class PersonCreate(_Strict):
    """A person to register. The SI number is allocated when not given."""

    si_number: SiNumberStr | None = None
    personal_id: PersonalIdStr | None = None
    old_id_card: OldIdCardStr | None = None
    full_name: FullName
    date_of_birth: date = Field(description="First day of the month/year when only those are known")
    dob_precision: DobPrecision = "day"
    sex: Sex
    address: Text | None = Field(default=None, max_length=500)
    province_code: ProvinceCodeStr | None = None

    @model_validator(mode="after")
    def _consistent(self) -> PersonCreate:
        if self.date_of_birth > clock.today():
            raise ValueError("date_of_birth is in the future")
        _check_partial_date(self.date_of_birth, self.dob_precision)
        _check_id_agrees(self.personal_id, self.date_of_birth, self.sex)
        return self


class PersonUpdate(_Strict):
    """Changes to a person's identity data; only the fields sent change."""

    personal_id: PersonalIdStr | None = None
    old_id_card: OldIdCardStr | None = None
    full_name: FullName | None = None
    date_of_birth: date | None = None
    dob_precision: DobPrecision | None = None
    sex: Sex | None = None
    address: Text | None = Field(default=None, max_length=500)
    province_code: ProvinceCodeStr | None = None


class PersonRead(BaseModel):
    """A person as the registry holds them."""

    model_config = ConfigDict(from_attributes=True)

    si_number: str
    personal_id: str | None
    old_id_card: str | None
    full_name: str
    date_of_birth: date
    dob_precision: DobPrecision
    sex: Sex
    address: str | None
    province_code: str | None
    auth_status: AuthStatus


class PersonSearch(_Strict):
    """Find persons by an identifier, or by name and birth year (identifiers travel in bodies)."""

    personal_id: PersonalIdStr | None = None
    si_number: SiNumberStr | None = None
    old_id_card: OldIdCardStr | None = None
    full_name: FullName | None = None
    birth_year: int | None = Field(default=None, ge=1880, le=2200)

    @model_validator(mode="after")
    def _something_to_search(self) -> PersonSearch:
        if not (self.personal_id or self.si_number or self.old_id_card or self.full_name):
            raise ValueError("give personal_id, si_number, old_id_card or full_name")
        return self


class EmployerCreate(_Strict):
    """A contributing unit to register."""

    unit_code: UnitCode
    tax_code: TaxCode
    name: Annotated[Text, Field(min_length=2, max_length=300)]
    province_code: ProvinceCodeStr
    wage_region: WageRegion
    size: int | None = Field(default=None, ge=0)


class EmployerRead(BaseModel):
    """An employer as the registry holds it."""

    model_config = ConfigDict(from_attributes=True)

    unit_code: str
    tax_code: str
    name: str
    province_code: str
    wage_region: WageRegion
    size: int | None


class SalaryCreate(_Strict):
    """A contract salary from a date."""

    effective_from: date
    amount: Vnd


class SalaryRead(BaseModel):
    """A salary row."""

    model_config = ConfigDict(from_attributes=True)

    effective_from: date
    amount: int


class EmploymentCreate(_Strict):
    """A contract between a registered person and a registered employer."""

    si_number: SiNumberStr
    unit_code: UnitCode
    start_date: date
    end_date: date | None = None
    contract_type: ContractType
    salary: Vnd = Field(description="Contract salary from start_date, whole VND per month")

    @model_validator(mode="after")
    def _period(self) -> EmploymentCreate:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class EmploymentRead(BaseModel):
    """An employment with its salary history."""

    model_config = ConfigDict(from_attributes=True)

    employment_id: int
    si_number: str
    unit_code: str
    start_date: date
    end_date: date | None
    contract_type: ContractType
    salaries: list[SalaryRead]


class PersonRegistered(DomainEvent):
    """A person was entered in the registry (with or without a personal ID)."""

    name: ClassVar[str] = "PersonRegistered"
    si_number: str


class PersonIdentityChanged(DomainEvent):
    """Some of a person's registry data changed; `fields` names them (the values stay home)."""

    name: ClassVar[str] = "PersonIdentityChanged"
    si_number: str
    fields: list[str]
    source: ChangeSource = "registry"


class PersonDied(DomainEvent):
    """A person's death was registered (type only: the civil-registry inbox will produce it)."""

    name: ClassVar[str] = "PersonDied"
    si_number: str
    date_of_death: date


class EmploymentStarted(DomainEvent):
    """An employment began (a declaration's increase line, or a registry entry)."""

    name: ClassVar[str] = "EmploymentStarted"
    employment_id: int
    si_number: str
    unit_code: str
    start_date: date


class EmploymentEnded(DomainEvent):
    """An employment ended (a declaration's decrease line)."""

    name: ClassVar[str] = "EmploymentEnded"
    employment_id: int
    si_number: str
    unit_code: str
    end_date: date


class BirthRegistered(DomainEvent):
    """A child's birth was registered and the child is in the registry (type only: the
    civil-registry inbox of the life-events work produces it)."""

    name: ClassVar[str] = "BirthRegistered"
    child_si_number: str
    date_of_birth: date
    mother_si_number: str | None = None
    father_si_number: str | None = None
