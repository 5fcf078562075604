"""Registry persons as reconciliation records (the contract columns)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # registry.get_person returns it; nothing here touches the registry's tables
    from ansinh.registry.models import Person

_DATE_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
# The same formatting in SQL, for bulk export.
DOB_SQL = (
    "CASE dob_precision WHEN 'year' THEN to_char(date_of_birth, 'YYYY') "
    "WHEN 'month' THEN to_char(date_of_birth, 'YYYY-MM') "
    "ELSE to_char(date_of_birth, 'YYYY-MM-DD') END"
)


def dob_text(value: date, precision: str) -> str:
    """Write a date of birth to the precision it is known: YYYY-MM-DD, YYYY-MM or YYYY."""
    return value.strftime(_DATE_FORMATS[precision])


def person_record(person: Person) -> dict[str, str | None]:
    """A registry person in the contract columns (record_id is the SI number)."""
    return {
        "record_id": person.si_number,
        "personal_id": person.personal_id,
        "full_name": person.full_name,
        "date_of_birth": dob_text(person.date_of_birth, person.dob_precision),
        "sex": person.sex,
        "province": person.province_code,
        "address": person.address,
    }
