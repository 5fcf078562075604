"""The platform's ASGI app with the clock set to `BENCH_TODAY`, for benchmarks that serve it.

`uvicorn bench.frozen_app:app --workers N` starts N processes; each imports this module, sets
its clock and builds the app, so a benchmark whose data is dated can run against real workers.
"""

from __future__ import annotations

import os
from datetime import date

from ansinh.app import create_app
from ansinh.core import clock

# Kept referenced: a collected context manager would close its generator and unfreeze the clock.
FROZEN = clock.frozen_at(date.fromisoformat(os.environ["BENCH_TODAY"]))
FROZEN.__enter__()
app = create_app()
