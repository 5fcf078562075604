"""A claim list's result as the paper the documents domain seals: totals and every line."""

from __future__ import annotations

from collections import Counter

from babel.numbers import format_decimal

from ansinh.benefits.claims.batches.enums import LineStatus
from ansinh.benefits.claims.batches.models import ClaimBatch
from ansinh.benefits.claims.batches.schemas import BatchLineRead
from ansinh.core import clock
from ansinh.documents.schemas import BatchPaper

OUTCOMES = {
    LineStatus.GRANTED: ("Được giải quyết", "Granted"),
    LineStatus.PENDING: ("Chờ cán bộ duyệt", "Pending an officer"),
    LineStatus.HELD: ("Tạm dừng, chờ hồ sơ", "Held for evidence"),
    LineStatus.REFUSED: ("Không được giải quyết", "Refused"),
    LineStatus.REJECTED: ("Bị trả lại khi tiếp nhận", "Rejected at intake"),
}
BRANCHES = {"sickness": "Ốm đau", "maternity": "Thai sản", "convalescence": "Dưỡng sức"}


def _row(line: BatchLineRead) -> list[str]:
    days = [f"{day:%d/%m/%Y}" for day in (line.from_date, line.to_date) if day is not None]
    branch = BRANCHES.get(line.branch or "", line.branch or "")
    return [
        str(line.line),
        line.si_number or "",
        f"{branch} ({line.subtype})" if line.subtype else branch,
        "–".join(days),
        OUTCOMES[line.status][0],
        format_decimal(line.amount, locale="vi") if line.amount is not None else "",
        line.reason or "",
    ]


def batch_paper(batch: ClaimBatch, lines: list[BatchLineRead]) -> BatchPaper:
    """What the result of `batch` prints, its lines as they stand now."""
    counts = Counter(line.status for line in lines)
    return BatchPaper(
        unit_code=batch.unit_code,
        unit_name=batch.unit_name,
        period=f"{batch.period:%m/%Y}",
        batch_number=batch.batch_number,
        received_at=f"{batch.received_at.astimezone(clock.VIETNAM):%d/%m/%Y %H:%M}",
        totals=[(vi, en, counts[status]) for status, (vi, en) in OUTCOMES.items()],
        lines=[_row(line) for line in lines],
    )
