"""Kill -9 the payroll worker and PostgreSQL in the middle of a run: after restart, every
beneficiary is paid exactly once and every run balances to the đồng."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.core.db import new_engine
from ansinh.payments import reconcile, send, xsd
from ansinh.payments.models import Run
from tests.hardening.conftest import OwnDatabase, _own_database
from tests.payments.payroll_worker import MONTH, PROVINCES

ROOT = Path(__file__).parents[2]
PER_PROVINCE = 3000
SEED = """
    INSERT INTO payment_schedules (schedule_id, si_number, province_code, kind, purpose, amount,
                                   start, granted_on, status, proof_of_life_on)
    SELECT gen_random_uuid(), lpad(i::text, 10, '0'), (ARRAY[{provinces}])[1 + i % 3],
           'monthly', 'PENS', 3000000 + i, DATE '2020-01-01', DATE '2020-01-01', 'active',
           DATE '2026-06-01'
    FROM generate_series(1, :n) AS i;
    INSERT INTO payment_channels (si_number, kind, bank_bin, account_number, holder, place,
                                  effective_from, source, recorded_by)
    SELECT lpad(i::text, 10, '0'), CASE WHEN i % 5 = 0 THEN 'cash' ELSE 'account' END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE '970436' END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE lpad(i::text, 13, '0') END,
           CASE WHEN i % 5 = 0 THEN NULL ELSE 'NGUYEN VAN ' || i END,
           CASE WHEN i % 5 = 0 THEN 'Buu dien Ben Thanh' END,
           DATE '2020-01-01', 'seed', 'test'
    FROM generate_series(1, :n) AS i
"""


@pytest.fixture(scope="module")
def own_database() -> Iterator[OwnDatabase]:
    """A PostgreSQL of this test's own (it is killed), migrated and seeded with beneficiaries."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ansinh-payroll-pg-") as directory:
        for database in _own_database(Path(directory)):
            engine = new_engine(database.url)
            with engine.begin() as connection:
                provinces = ", ".join(f"'{p}'" for p in PROVINCES)
                for statement in SEED.format(provinces=provinces).split(";"):
                    connection.execute(text(statement), {"n": PER_PROVINCE * len(PROVINCES)})
            engine.dispose()
            yield database


def _worker(database: OwnDatabase, markers: Path, pause: str | None) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "ANSINH_DATABASE_URL": database.url,
        "PAYROLL_MARKERS": str(markers),
        "PAYROLL_PAUSE": pause or "",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.payments.payroll_worker"], cwd=ROOT, env=env
    )


def test_killing_the_worker_and_postgres_mid_run_pays_everyone_exactly_once(
    own_database: OwnDatabase, tmp_path: Path
) -> None:
    worker = _worker(own_database, tmp_path, pause=PROVINCES[1])
    deadline = time.monotonic() + 120
    while not (tmp_path / "paused").exists():
        assert worker.poll() is None, "the worker ended before the pause"
        assert time.monotonic() < deadline, "the worker never reached the pause"
        time.sleep(0.1)
    worker.kill()  # SIGKILL, in the middle of the second province's transaction
    worker.wait()
    own_database.stop()  # immediate: PostgreSQL dies without a checkpoint
    own_database.start()
    engine = new_engine(own_database.url)
    with Session(engine) as db_session:
        before = db_session.execute(text("SELECT province_code, status FROM payroll_runs")).all()
        assert [tuple(r) for r in before] == [(PROVINCES[0], "sent")]
    for _ in range(2):  # after the crash, then once more: a rerun pays nobody twice
        assert _worker(own_database, tmp_path, pause=None).wait(timeout=300) == 0
    with Session(engine) as db_session:
        counts = db_session.execute(
            text(
                "SELECT count(*) AS payments, count(DISTINCT schedule_id) AS paid, "
                "(SELECT count(*) FROM payment_schedules) AS schedules FROM payments "
                "WHERE month = :month"
            ),
            {"month": MONTH},
        ).one()
        assert counts.payments == counts.paid == counts.schedules == PER_PROVINCE * 3
        for run in db_session.scalars(select(Run)).all():
            totals = reconcile.totals(db_session=db_session, run_id=run.run_id)
            assert run.status == "sent" and totals.balanced and totals.count == PER_PROVINCE
            accounts = db_session.scalar(
                text("SELECT count(*) FROM payments WHERE run_id = :r AND channel = 'account'"),
                {"r": run.run_id},
            )
            assert xsd.validate(send.file_path(run)) == accounts
    engine.dispose()
