"""Loading a synthetic data set into the registry with COPY."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.registry.jobs import load_dataset
from ansinh.registry.models import Career, Employer, Employment, Person, Salary
from ansinh.synth import generate, write


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_synthetic_data_set_loads_completely(
    db_session: Session, tmp_path: Path, fmt: str
) -> None:
    write(generate(people=2_000, seed=7, province="79"), tmp_path, fmt=fmt)
    loaded = load_dataset(connection=db_session.connection(), directory=tmp_path)
    counted = {
        "persons": db_session.scalar(select(func.count()).select_from(Person)),
        "employers": db_session.scalar(select(func.count()).select_from(Employer)),
        "employments": db_session.scalar(select(func.count()).select_from(Employment)),
        "salaries": db_session.scalar(select(func.count()).select_from(Salary)),
        "careers": db_session.scalar(select(func.count()).select_from(Career)),
    }
    assert loaded == counted
    assert loaded["persons"] == 2_000 and loaded["employments"] > 0
    # CSV keeps identifiers as text: leading zeros survive.
    assert db_session.scalar(select(func.min(func.length(Person.si_number)))) == 10
    assert db_session.scalar(select(func.min(func.length(Person.personal_id)))) == 12


def test_new_employments_after_a_load_get_fresh_ids(db_session: Session, tmp_path: Path) -> None:
    write(generate(people=500, seed=3, province="01"), tmp_path, fmt="parquet")
    load_dataset(connection=db_session.connection(), directory=tmp_path)
    highest = db_session.scalar(select(func.max(Employment.employment_id)))
    person = db_session.scalars(select(Person)).first()
    employer = db_session.scalars(select(Employer)).first()
    assert person is not None and employer is not None
    employment = Employment(
        si_number=person.si_number,
        unit_code=employer.unit_code,
        start_date=date(2030, 1, 1),
        contract_type="definite",
    )
    db_session.add(employment)
    db_session.flush()
    assert employment.employment_id == (highest or 0) + 1
