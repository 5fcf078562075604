"""Check a batch's raw lines a chunk at a time and COPY them into the connection's scratch tables.

`cb_input` receives the structurally valid lines (every field of the list), `cb_refused` the
lines Pydantic refused with their reason; memory holds one chunk, never the whole file.
`cb_stage` (filled by the checks) adds to each valid line what the registry says about it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
from sqlalchemy.orm import Session

from ansinh.benefits.claims.batches.lines import ClaimLine
from ansinh.core.bulk import copy_batches
from ansinh.core.linecheck import ERROR_COLUMNS, check_chunk
from ansinh.core.temp import analyze, scratch_tables

CHUNK_LINES = 20_000
# Lists up to this many lines are joined without statistics on the staging table.
SMALL = 1000
_STRING = pa.string()
_DATE = pa.date32()
_INT = pa.int32()
_BOOL = pa.bool_()
STAGED = (
    ("line", _INT, "int"),
    ("part", _STRING, "text"),
    ("branch", _STRING, "text"),
    ("subtype", _STRING, "text"),
    ("si_number", _STRING, "text"),
    ("full_name", _STRING, "text"),
    ("personal_id", _STRING, "text"),
    ("from_date", _DATE, "date"),
    ("to_date", _DATE, "date"),
    ("days", _INT, "int"),
    ("weekly_rest_days", _INT, "int"),
    ("certificate_serial", _STRING, "text"),
    ("receipt_method", _STRING, "text"),
    ("account_number", _STRING, "text"),
    ("account_holder", _STRING, "text"),
    ("bank_bin", _STRING, "text"),
    ("icd10", _STRING, "text"),
    ("child_birth_date", _DATE, "date"),
    ("children", _INT, "int"),
    ("gestational_weeks", _INT, "int"),
    ("caesarean", _BOOL, "boolean"),
    ("under_32_weeks", _BOOL, "boolean"),
    ("child_death_date", _DATE, "date"),
    ("child_received_date", _DATE, "date"),
    ("arduous", _BOOL, "boolean"),
    ("long_term_disease", _BOOL, "boolean"),
    ("far_or_abnormal", _BOOL, "boolean"),
    ("contraception_method", _STRING, "text"),
    ("convalescence_reason", _STRING, "text"),
    ("preceding_leave_end", _DATE, "date"),
    ("sick_days_this_year", _INT, "int"),
    ("received_date", _DATE, "date"),
    ("adjusts_claim", _STRING, "text"),
    ("adjustment_reason", _STRING, "text"),
    ("late_explanation", _STRING, "text"),
)
_SCHEMA = pa.schema([(name, kind) for name, kind, _ in STAGED])
_NAMES = _SCHEMA.names
_INPUT = ", ".join(f"{name} {sql}" for name, _, sql in STAGED)
# cb_input's columns, then what the checks resolve (see checks._RESOLVE) and their verdict.
_RESOLVED = (
    "registered boolean, registered_pid text, province_code text, employed boolean, span int, "
    "working_days boolean, claim_id uuid, field text, reason text"
)


def stage(db_session: Session, raw_lines: Iterable[tuple[int, dict[str, object]]]) -> int:
    """Check and COPY the lines into `cb_input` / `cb_refused`; return how many were read."""
    scratch_tables(
        db_session,
        {
            "cb_input": f"({_INPUT})",
            "cb_refused": "(line int, field text, error text)",
            "cb_stage": f"({_INPUT}, {_RESOLVED})",
        },
    )
    lines = iter(raw_lines)
    total = 0
    while (chunk := check_chunk(lines, ClaimLine, _SCHEMA, CHUNK_LINES)).count:
        total += chunk.count
        connection = db_session.connection()
        if chunk.valid is not None:
            copy_batches(connection, "cb_input", _NAMES, [chunk.valid])
        if chunk.refused is not None:
            copy_batches(connection, "cb_refused", ERROR_COLUMNS, [chunk.refused])
    if total > SMALL:
        analyze(db_session, "cb_input")
    return total
