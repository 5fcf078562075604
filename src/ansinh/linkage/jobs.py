"""Batch reconciliation of the registry against the population register's bulk extract."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.bulk import copy_batches
from ansinh.linkage.backends import Backend
from ansinh.linkage.matcher_settings import MatcherSettings, default_settings
from ansinh.linkage.models import LinkageRun, ReviewItem
from ansinh.linkage.normalise import INPUT_COLUMNS
from ansinh.linkage.pipeline import Reconciliation, reconcile
from ansinh.linkage.records import DOB_SQL
from ansinh.linkage.register_client import RegisterClient
from ansinh.registry import bulk
from ansinh.registry import service as registry

_OUTCOMES = "linkage_outcomes"
_UNVERIFIED = f"""
    SELECT si_number AS record_id, personal_id, full_name, {DOB_SQL} AS date_of_birth, sex,
           province_code AS province, address
    FROM persons WHERE auth_status <> 'verified' ORDER BY si_number
"""


def reconcile_registry(
    *,
    db_session: Session,
    register: RegisterClient,
    settings: MatcherSettings | None = None,
    backend: Backend | None = None,
) -> LinkageRun:
    """Match every not-yet-verified person to the register; set statuses and queue reviews."""
    settings = settings or default_settings()
    started = clock.now()
    population = _register_records(register, db_session)
    insured = _unverified_persons(db_session)
    result = reconcile(population=population, insured=insured, settings=settings, backend=backend)
    run = LinkageRun(
        started_at=started,
        settings_version=settings.version,
        backend=result.summary["backend"],
        summary=result.summary,
    )
    db_session.add(run)
    db_session.flush()
    _write_statuses(db_session, result)
    _queue_reviews(db_session, result, population, run.id)
    return run


def _register_records(register: RegisterClient, db_session: Session) -> pa.Table:
    """Download the extract over HTTP to a file; drop records verified persons already hold."""
    with tempfile.TemporaryDirectory(prefix="ansinh-extract-") as folder:
        path = Path(folder) / "register.parquet"
        register.download_extract(path)
        records = pq.read_table(path, columns=list(INPUT_COLUMNS))
    held = registry.verified_personal_ids(db_session=db_session)
    taken = pc.is_in(records.column("personal_id"), pa.array(held, pa.string()))
    return records.filter(pc.invert(pc.fill_null(taken, False)))


def _unverified_persons(db_session: Session) -> pa.Table:
    """Export persons not yet verified in the contract columns, with COPY."""
    cursor = db_session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    buffer = io.BytesIO()
    with cursor.copy(f"COPY ({_UNVERIFIED}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
        for data in copy:
            buffer.write(data)
    buffer.seek(0)
    options = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in INPUT_COLUMNS}, strings_can_be_null=True
    )
    return pacsv.read_csv(buffer, convert_options=options)


def _write_statuses(db_session: Session, result: Reconciliation) -> None:
    """Set every reconciled person's status in one UPDATE from a COPY-loaded temp table."""
    db_session.execute(
        text(f"CREATE TEMP TABLE {_OUTCOMES} (si_number varchar(10), status varchar(12))")
    )
    outcomes = result.statuses.rename_columns(["si_number", "status"])
    copy_batches(db_session.connection(), _OUTCOMES, ("si_number", "status"), outcomes.to_batches())
    bulk.set_auth_statuses(db_session=db_session, staging=_OUTCOMES)
    db_session.execute(
        text(
            f"UPDATE linkage_reviews SET state = 'superseded', updated_at = now() "
            f"WHERE state = 'open' AND si_number IN (SELECT si_number FROM {_OUTCOMES})"
        )
    )
    db_session.execute(text(f"DROP TABLE {_OUTCOMES}"))


def _queue_reviews(
    db_session: Session, result: Reconciliation, population: pa.Table, run_id: int
) -> None:
    """Open one review item per match that needs a person's eye, with the register's record."""
    pending = result.matches.filter(pc.equal(result.matches.column("status"), "needs_review"))
    if pending.num_rows == 0:
        return
    register = population.rename_columns(
        ["population_record_id", *population.column_names[1:]]
    ).join(pending, "population_record_id", join_type="inner")
    rows = [
        {
            "si_number": row["insured_record_id"],
            "run_id": run_id,
            "source": "batch",
            "match_probability": row["match_probability"],
            "register_record": {c: row[c] for c in INPUT_COLUMNS if c != "record_id"}
            | {"record_id": row["population_record_id"]},
        }
        for row in register.to_pylist()
    ]
    db_session.execute(insert(ReviewItem), rows)
