"""A payroll worker for the fault test (run as a process): each province's run computed and
approved in one transaction, then written and marked sent in another, as the jobs do.

`python -m tests.payments.payroll_worker` runs on $ANSINH_DATABASE_URL. With $PAYROLL_PAUSE set
to a province code, it stops inside that province's first transaction, after the payments are
written and before the commit, drops `$PAYROLL_MARKERS/paused` and waits to be killed.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from ansinh.core.db import unit_of_work
from ansinh.core.security.actor import Actor
from ansinh.payments import runs, send

MONTH = date(2026, 12, 1)
PROVINCES = ("01", "48", "79")
MAKER = Actor(kind="system", id="payroll")
CHECKER = Actor(kind="officer", id="checker")


def main() -> None:
    """Compute, approve and prepare every province's run of MONTH."""
    pause = os.environ.get("PAYROLL_PAUSE")
    for province in PROVINCES:
        with unit_of_work() as db_session:
            run = runs.compute(
                db_session=db_session,
                kind="monthly",
                period=MONTH,
                province_code=province,
                actor=MAKER,
            )
            if province == pause:
                db_session.flush()
                (Path(os.environ["PAYROLL_MARKERS"]) / "paused").touch()
                time.sleep(120)
            runs.approve(db_session=db_session, run_id=run.run_id, actor=CHECKER)
        with unit_of_work() as db_session:
            send.prepare(db_session=db_session, run_id=run.run_id)


if __name__ == "__main__":
    main()
