"""Employer declarations: idempotent intake, line checks, all-or-nothing or partial application.

One submission is one transaction. Its SHA-256 (of the month, the partial flag and the exact
content) is unique, so a retried or repeated submission returns the first result and changes
nothing. Declarations are applied one at a time (a transaction-scoped advisory lock).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import pyarrow as pa
from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from ansinh.contributions.book.record import now, recompute
from ansinh.contributions.declarations.apply import apply_staged
from ansinh.contributions.declarations.validation import check_staged, earliest_month
from ansinh.contributions.exceptions import (
    DeclarationNotFound,
    DeclarationRejected,
)
from ansinh.contributions.lines import DeclarationLine
from ansinh.contributions.models import ClosedMonth, Declaration, DeclaredLine
from ansinh.contributions.policy import last_day
from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.bulk import copy_batches
from ansinh.core.errors import Unprocessable
from ansinh.core.linecheck import (
    ERROR_COLUMNS,
    MAX_LISTED_ERRORS,
    CheckedChunk,
    LineError,
    check_chunk,
)
from ansinh.core.pagination import PageParams, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.core.temp import analyze, bulk_memory, temp_table
from ansinh.rules.history import month_start

Source = Literal["json", "csv", "xlsx"]
# Lines checked and copied to the staging table at a time: memory holds one chunk, not the file.
CHUNK_LINES = 50_000
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('ansinh.contributions.declarations.service'))"
_STAGED = (
    ("line", pa.int32()),
    ("kind", pa.string()),
    ("unit_code", pa.string()),
    ("si_number", pa.string()),
    ("personal_id", pa.string()),
    ("full_name", pa.string()),
    ("date_of_birth", pa.date32()),
    ("sex", pa.string()),
    ("effective_date", pa.date32()),
    ("until_date", pa.date32()),
    ("salary", pa.int64()),
    ("contract_type", pa.string()),
)
_SCHEMA = pa.schema(_STAGED)
_NAMES = _SCHEMA.names
# Every refused line: at the edge (decl_refused) or by a business check (decl_stage).
_REFUSED = (
    "SELECT line, field, error FROM decl_refused UNION ALL "
    "SELECT line, field, error FROM decl_stage WHERE error IS NOT NULL"
)


@dataclass(frozen=True)
class Outcome:
    """A stored declaration, whether this call created it, and its refused lines."""

    declaration: Declaration
    duplicate: bool
    errors: list[LineError]  # the first MAX_LISTED_ERRORS, by line
    created_persons: int


def hash_prefix(*, month: date, allow_partial: bool) -> bytes:
    """What the idempotency key hashes before the content."""
    return f"{month.isoformat()}|{allow_partial}|".encode()


def content_hash(*, month: date, allow_partial: bool, content: bytes) -> str:
    """The idempotency key of a submission."""
    digest = hashlib.sha256(hash_prefix(month=month, allow_partial=allow_partial))
    digest.update(content)
    return digest.hexdigest()


def submit(
    *,
    db_session: Session,
    actor: Actor,
    purpose: str,
    month: date,
    allow_partial: bool,
    source: Source,
    key: str,
    raw_lines: Iterable[tuple[int, dict[str, object]]],
) -> Outcome:
    """Check every line; apply all (or, if asked, the valid ones) and record the declaration.

    `raw_lines` is consumed once, a chunk at a time, after the duplicate check.
    """
    if not earliest_month() <= month <= month_start(clock.today()):
        raise Unprocessable(
            f"month: declare for a month from {earliest_month():%Y-%m} to the current one"
        )
    db_session.execute(text(_LOCK))
    bulk_memory(db_session)
    existing = db_session.scalar(select(Declaration).where(Declaration.content_hash == key))
    if existing is not None:
        return _stored_outcome(db_session, existing, duplicate=True)
    lines_total = _stage(db_session, raw_lines)
    if not lines_total:
        raise Unprocessable("lines: the declaration has no lines; declare at least one change")
    check_staged(db_session=db_session, month_end=last_day(month))
    refused = int(db_session.scalar(text(f"SELECT count(*) FROM ({_REFUSED}) r")) or 0)
    errors = _first_errors(db_session)
    if refused and (not allow_partial or refused == lines_total):
        raise DeclarationRejected(errors, lines_total, errors_total=refused)
    recorded_at = now(db_session)
    declaration = Declaration(
        content_hash=key,
        month=month,
        source=source,
        allow_partial=allow_partial,
        lines_total=lines_total,
        lines_accepted=lines_total - refused,
        submitted_by=actor.id,
        recorded_at=recorded_at,
    )
    db_session.add(declaration)
    db_session.flush()
    apply_staged(db_session=db_session)
    _store_lines(db_session, declaration.declaration_id)
    _record_book(db_session, month=month, recorded_at=recorded_at)
    created = _audit(db_session, actor=actor, purpose=purpose)
    return Outcome(declaration=declaration, duplicate=False, errors=errors, created_persons=created)


def _stage(db_session: Session, raw_lines: Iterable[tuple[int, dict[str, object]]]) -> int:
    """Check the lines a chunk at a time, COPY the valid ones and the refusals; count them."""
    temp_table(
        db_session,
        "decl_input",
        "(line int, kind text, unit_code text, si_number text, personal_id text, full_name text, "
        "date_of_birth date, sex text, effective_date date, until_date date, salary bigint, "
        "contract_type text)",
    )
    temp_table(db_session, "decl_refused", "(line int, field text, error text)")
    total = 0
    for chunk in _checked_chunks(raw_lines):
        total += chunk.count
        if chunk.valid is not None:
            copy_batches(db_session.connection(), "decl_input", _NAMES, [chunk.valid])
        if chunk.refused is not None:
            copy_batches(db_session.connection(), "decl_refused", ERROR_COLUMNS, [chunk.refused])
    analyze(db_session, "decl_input")
    return total


def _checked_chunks(raw_lines: Iterable[tuple[int, dict[str, object]]]) -> Iterator[CheckedChunk]:
    """Yield each chunk's line count, valid lines and refusals, checking the next one meanwhile.

    A thread reads and checks chunk n + 1 while the caller copies chunk n, so the Python work
    and PostgreSQL's overlap; memory holds two chunks at most.
    """
    lines = iter(raw_lines)

    def check_next() -> CheckedChunk:
        return check_chunk(lines, DeclarationLine, _SCHEMA, CHUNK_LINES)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="decl-check") as pool:
        pending = pool.submit(check_next)
        while (checked := pending.result()).count:
            pending = pool.submit(check_next)
            yield checked


def _first_errors(db_session: Session) -> list[LineError]:
    rows = db_session.execute(text(f"{_REFUSED} ORDER BY line LIMIT :n"), {"n": MAX_LISTED_ERRORS})
    return [LineError(line=line, field=field, reason=reason) for line, field, reason in rows]


def _store_lines(db_session: Session, declaration_id: int) -> None:
    db_session.execute(
        text(
            "INSERT INTO contribution_declaration_lines (declaration_id, line, kind, unit_code, "
            "si_number, effective_date, until_date, salary, created_person, field, error) "
            "SELECT :id, line, kind, unit_code, person, effective_date, until_date, salary, "
            "created_person, field, error FROM decl_stage UNION ALL "
            "SELECT :id, line, NULL, NULL, NULL, NULL, NULL, NULL, false, field, error "
            "FROM decl_refused"
        ),
        {"id": declaration_id},
    )


def _record_book(db_session: Session, *, month: date, recorded_at: datetime) -> None:
    """Re-derive the book of every declared person and employer from the earliest line on."""
    first = db_session.scalar(
        text(
            "SELECT min(date_trunc('month', effective_date))::date FROM decl_stage "
            "WHERE error IS NULL"
        )
    )
    if first is None:
        return
    closed = db_session.scalar(select(func.max(ClosedMonth.month)))
    recompute(
        db_session=db_session,
        first=first,
        through=max(month, closed or month),
        recorded_at=recorded_at,
        scope_sql="SELECT person AS si_number, unit_code, "
        "min(date_trunc('month', effective_date))::date AS from_month FROM decl_stage "
        "WHERE error IS NULL GROUP BY person, unit_code",
    )


def _audit(db_session: Session, *, actor: Actor, purpose: str) -> int:
    """Audit each person registered (the stored lines are the trail of the other changes)."""
    return audit.record_from_select(
        db_session=db_session,
        actor=actor,
        subjects="SELECT person AS subject FROM decl_stage WHERE created_person",
        action="create",
        resource="registry.person",
        purpose=purpose,
    )


def _stored_outcome(db_session: Session, declaration: Declaration, *, duplicate: bool) -> Outcome:
    rows = db_session.execute(
        select(DeclaredLine.line, DeclaredLine.field, DeclaredLine.error)
        .where(DeclaredLine.declaration_id == declaration.declaration_id)
        .where(DeclaredLine.error.is_not(None))
        .order_by(DeclaredLine.line)
        .limit(MAX_LISTED_ERRORS)
    )
    created = db_session.scalar(
        select(func.count())
        .select_from(DeclaredLine)
        .where(
            DeclaredLine.declaration_id == declaration.declaration_id, DeclaredLine.created_person
        )
    )
    return Outcome(
        declaration=declaration,
        duplicate=duplicate,
        errors=[LineError(line=n, field=f, reason=r or "") for n, f, r in rows],
        created_persons=int(created or 0),
    )


def get_declaration(*, db_session: Session, declaration_id: int) -> Outcome:
    """Return a stored declaration with its refused lines."""
    declaration = db_session.get(Declaration, declaration_id)
    if declaration is None:
        raise DeclarationNotFound()
    return _stored_outcome(db_session, declaration, duplicate=False)


def list_lines(*, declaration_id: int) -> Select[DeclaredLine]:
    """Build the query of a declaration's lines in file order."""
    return (
        select(DeclaredLine)
        .where(DeclaredLine.declaration_id == declaration_id)
        .order_by(DeclaredLine.line)
    )


def page_lines(
    *, db_session: Session, declaration_id: int, params: PageParams, actor: Actor, purpose: str
) -> tuple[list[DeclaredLine], int]:
    """One page of a declaration's lines and their total; the persons named are audited."""
    get_declaration(db_session=db_session, declaration_id=declaration_id)
    rows, total = fetch_page(db_session, list_lines(declaration_id=declaration_id), params)
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[r.si_number for r in rows if r.si_number],
        action="read",
        resource="contributions.declaration",
        purpose=purpose,
    )
    return rows, total
