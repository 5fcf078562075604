"""An employer's claim list result as printed: the list, its totals by outcome, every line."""

from __future__ import annotations

from ansinh.documents.schemas import BatchPaper
from ansinh.documents.sheet import Fact, Sheet, Table


def claim_batch_result(paper: BatchPaper) -> Sheet:
    """Where each line of a claim list stands when the result is issued."""
    facts = [
        Fact("Mã đơn vị", "Unit code", paper.unit_code),
        Fact("Tên đơn vị", "Unit name", paper.unit_name),
        Fact("Kỳ", "Period", paper.period),
        Fact("Đợt", "Batch number", str(paper.batch_number)),
        Fact("Ngày nhận", "Received at", paper.received_at),
    ]
    facts += [Fact(vi, en, f"{count:,}".replace(",", ".")) for vi, en, count in paper.totals]
    table = Table(
        headings=[
            ("Dòng", "Line"),
            ("Mã số BHXH", "SI number"),
            ("Chế độ", "Benefit"),
            ("Thời gian", "Dates"),
            ("Kết quả", "Outcome"),
            ("Số tiền", "Amount"),
            ("Lý do", "Reason"),
        ],
        rows=paper.lines,
        widths=[10, 22, 24, 26, 20, 22, 50],
    )
    return Sheet(
        title="KẾT QUẢ GIẢI QUYẾT DANH SÁCH ĐỀ NGHỊ HƯỞNG CHẾ ĐỘ (01B-HSB)",
        title_en="Result of an employer's claim list",
        facts=facts,
        table=table if paper.lines else None,
        note="Kết quả tại thời điểm cấp; hồ sơ chờ duyệt có thể thay đổi sau đó.",
    )
