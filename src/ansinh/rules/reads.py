"""Parameter reads outside the rules engine, traced: which value, in force since when, from what.

A formula records every parameter it reads in its calculation's trace. Domain code that reads a
parameter directly (contributions' deadlines and bounds, health's benefit levels and co-payment
shares) goes through `law` instead, which logs the read at DEBUG on `ansinh.rules.reads` and adds
it to the reads a caller is collecting (`collect_reads`), e.g. to keep with what it produced.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from ansinh.rules.store import InForce, Value, parameter

log = logging.getLogger(__name__)
_collected: ContextVar[list[InForce] | None] = ContextVar("parameter_reads", default=None)


def law(name: str, on: date) -> Value:
    """Return the value of parameter `name` in force on `on`, leaving a trace of the read."""
    found = parameter(name).in_force(on)
    log.debug(
        "parameter %s on %s = %s (in force from %s; %s)",
        name,
        on,
        found.value,
        found.effective_from,
        found.source.instrument,
    )
    reads = _collected.get()
    if reads is not None:
        reads.append(found)
    return found.value


@contextmanager
def collect_reads() -> Iterator[list[InForce]]:
    """Collect every `law` read made inside the block (value, effective date, source)."""
    reads: list[InForce] = []
    token = _collected.set(reads)
    try:
        yield reads
    finally:
        _collected.reset(token)
