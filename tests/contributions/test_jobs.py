"""Two years of demo history for a synthetic province, with some employers in arrears."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.contributions.collection.service import list_arrears
from ansinh.contributions.jobs import DEMO_MONTHS, seed_history
from ansinh.contributions.models import ClosedMonth
from ansinh.registry.jobs import load_dataset
from ansinh.synth import generate, write


def test_the_demo_history_has_two_years_and_employers_in_arrears(db_session: Session) -> None:
    dataset = generate(people=3000, seed=7, province="79")
    with tempfile.TemporaryDirectory() as tmp:
        write(dataset, Path(tmp))
        load_dataset(connection=db_session.connection(), directory=Path(tmp))
    change, payments = seed_history(db_session=db_session, through=date(2026, 10, 1))
    assert change.inserted > 10_000 and payments > 0
    assert db_session.scalar(select(func.count()).select_from(ClosedMonth)) == DEMO_MONTHS
    arrears = list_arrears(db_session=db_session, on=date(2026, 11, 24), province_code="79")
    assert 0 < len(arrears) < dataset.employers.num_rows / 2
