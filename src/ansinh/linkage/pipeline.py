"""The reconciliation pipeline: normalise, exact pass, Splink pass, one-to-one, statuses."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ansinh.linkage.assign import one_to_one
from ansinh.linkage.backends import Backend, DuckDBBackend
from ansinh.linkage.exact import EXACT, exact_pass
from ansinh.linkage.matcher_settings import MatcherSettings, default_settings
from ansinh.linkage.normalise import normalise

PROBABILISTIC = "probabilistic"
STATUSES = ("verified", "needs_review", "not_found")
STEPS = ("normalise", "exact pass", "train", "predict", "assign")


@dataclass(frozen=True)
class Reconciliation:
    """The outcome for every insured record, the matched pairs and a summary."""

    matches: pa.Table
    statuses: pa.Table
    summary: dict[str, Any]


@dataclass
class _Clock:
    on_step: Callable[[str], None]
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.on_step(name)
        started = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - started, 3)


def reconcile(
    *,
    population: pa.Table,
    insured: pa.Table,
    settings: MatcherSettings | None = None,
    backend: Backend | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Reconciliation:
    """Match insured records to register records and decide each insured record's status.

    Both tables hold the contract columns (record_id, personal_id, full_name, date_of_birth,
    sex, province, address). `matches` has one row per matched insured record: the register
    record, match_probability, method ('exact' or 'probabilistic') and status.
    """
    settings = settings or default_settings()
    backend = backend or DuckDBBackend()
    clock = _Clock(on_step or (lambda _step: None))
    with clock.step("normalise"):
        register, records = normalise(population), normalise(insured)
    with clock.step("exact pass"):
        exact = one_to_one(_with_probability(exact_pass(insured=records, population=register)))
        rest = _without(records, exact.column("insured_record_id"))
        rest_register = _without(register, exact.column("population_record_id"))
    with clock.step("train"):
        model = (
            backend.train(population=register, insured=records, settings=settings)
            if rest.num_rows and rest_register.num_rows
            else {}
        )
    with clock.step("predict"):
        prior = settings.training.expected_match_share / max(rest_register.num_rows, 1)
        candidates = backend.predict(
            population=rest_register,
            insured=rest,
            model=model,
            prior=prior,
            threshold=settings.thresholds.needs_review,
        )
    with clock.step("assign"):
        matches = _decide(exact, one_to_one(candidates), settings)
        statuses = _statuses(records.column("record_id"), matches)
    return Reconciliation(
        matches=matches,
        statuses=statuses,
        summary=_summary(settings, backend, register, records, matches, statuses, clock),
    )


def _with_probability(pairs: pa.Table) -> pa.Table:
    return pairs.append_column("match_probability", pa.array([1.0] * pairs.num_rows, pa.float64()))


def _without(records: pa.Table, record_ids: pa.ChunkedArray) -> pa.Table:
    return records.filter(pc.invert(pc.is_in(records.column("record_id"), record_ids)))


def _decide(exact: pa.Table, probable: pa.Table, settings: MatcherSettings) -> pa.Table:
    """Label each kept pair with its method and status."""
    thresholds = settings.thresholds
    probability = probable.column("match_probability")
    sure = pc.and_(
        pc.greater_equal(probability, thresholds.verified),
        pc.less(
            probable.column("rival_probability"),
            pc.subtract(probability, thresholds.ambiguity_margin),
        ),
    )
    columns = ["insured_record_id", "population_record_id", "match_probability"]
    return pa.concat_tables(
        [
            exact.select(columns)
            .append_column("method", pa.array([EXACT] * exact.num_rows, pa.string()))
            .append_column("status", pa.array(["verified"] * exact.num_rows, pa.string())),
            probable.select(columns)
            .append_column("method", pa.array([PROBABILISTIC] * probable.num_rows, pa.string()))
            .append_column("status", pc.if_else(sure, "verified", "needs_review")),
        ]
    )


def _statuses(record_ids: pa.ChunkedArray, matches: pa.Table) -> pa.Table:
    """One status per insured record; records without a kept pair are not found."""
    position = pc.index_in(record_ids, matches.column("insured_record_id"))
    status = pc.fill_null(matches.column("status").combine_chunks().take(position), "not_found")
    return pa.table({"insured_record_id": record_ids, "status": status})


def _summary(
    settings: MatcherSettings,
    backend: Backend,
    register: pa.Table,
    records: pa.Table,
    matches: pa.Table,
    statuses: pa.Table,
    clock: _Clock,
) -> dict[str, Any]:
    counts = pc.value_counts(statuses.column("status")).to_pylist()
    by_status = dict.fromkeys(STATUSES, 0) | {c["values"]: c["counts"] for c in counts}
    methods = pc.value_counts(matches.column("method")).to_pylist()
    return {
        "settings_version": settings.version,
        "backend": backend.name,
        "population_records": register.num_rows,
        "insured_records": records.num_rows,
        "statuses": by_status,
        "methods": {m["values"]: m["counts"] for m in methods},
        "seconds": clock.seconds | {"total": round(sum(clock.seconds.values()), 3)},
    }
