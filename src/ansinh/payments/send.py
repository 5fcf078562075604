"""Sending a run: write and validate its pain.001, mark it sent, then hand the file to the bank.

Steps so that no crash pays twice: `write_file` writes the file beside its place, the XSD
validation (in `prepare`, or apart in the job `payments:send_file`) checks it, and `mark_sent`
moves it into place and marks the run sent in the caller's transaction; the file is posted after
the commit. The MsgId is fixed per run, so a retry after a crash in between is filed once by the
bank and answered with the same file id.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.errors import Conflict
from ansinh.core.temp import bulk_memory
from ansinh.payments import pain001, runs, xsd
from ansinh.payments.models import Run


def file_path(run: Run) -> Path:
    """Where the run's pain.001 file is kept."""
    return get_settings().data_dir / "payments" / f"{pain001.msg_id(run)}.xml"


def part_path(run: Run) -> Path:
    """Where the run's file is written before it is validated and moved into place."""
    return file_path(run).with_suffix(".part")


def prepare(*, db_session: Session, run_id: int) -> Run:
    """Write and validate an approved run's file and mark its payments instructed (once)."""
    count = write_file(db_session=db_session, run_id=run_id)
    run = runs.get_run_by_id(db_session=db_session, run_id=run_id)
    if count is not None and count and xsd.validate(part_path(run)) != count:
        raise xsd.InvalidFile("the file does not hold every account payment of the run")
    return mark_sent(db_session=db_session, run_id=run_id)


def write_file(*, db_session: Session, run_id: int) -> int | None:
    """Write an approved run's pain.001 to its `.part`; its account lines (None: already sent)."""
    run = runs.get_run_by_id(db_session=db_session, run_id=run_id, lock=True)
    if run.status == "sent":
        return None
    if run.status != "approved":
        raise Conflict("a run is sent only after a second officer approved it")
    partial = part_path(run)
    partial.parent.mkdir(parents=True, exist_ok=True)
    bulk_memory(db_session)  # the lines are sorted in memory, not in temporary files
    with partial.open("wb") as out:
        count, _ = pain001.write(
            db_session=db_session, run=run, out=out, created=run.approved_at or clock.now()
        )
    return count


def mark_sent(*, db_session: Session, run_id: int) -> Run:
    """Move a validated file into place and mark the run sent, its payments instructed (once)."""
    run = runs.get_run_by_id(db_session=db_session, run_id=run_id, lock=True)
    if run.status == "sent":
        return run
    partial = part_path(run)
    if partial.exists():
        partial.replace(file_path(run))
    elif not file_path(run).exists():
        raise Conflict("the run's file was not written")
    # Its payments are now instructed (`models.shown_status`): a national run's 3.5 million rows
    # are not rewritten for it.
    run.status, run.msg_id, run.sent_at = "sent", pain001.msg_id(run), clock.now()
    db_session.flush()
    return run


def file_to_post(*, db_session: Session, run_id: int) -> bytes | None:
    """The file of a sent run the bank has not acknowledged yet (None: nothing to post)."""
    run = runs.get_run_by_id(db_session=db_session, run_id=run_id)
    if run.status != "sent" or run.file_id is not None or not run.total:
        return None
    path = file_path(run)
    return path.read_bytes() if path.exists() else None


def record_posted(*, db_session: Session, run_id: int, file_id: str) -> None:
    """Keep the bank's id of a posted file (the first one, if two rounds posted it)."""
    run = runs.get_run_by_id(db_session=db_session, run_id=run_id)
    if run.file_id is None:
        run.file_id = file_id
        db_session.flush()
