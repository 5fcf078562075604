"""A benefit decision as printed: the claim, the outcome, the calculation step by step, the law."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansinh.documents.schemas import DecisionPaper
from ansinh.documents.sheet import Fact, Sheet, Table

if TYPE_CHECKING:  # the caller reads the person; nothing here touches the table
    from ansinh.registry.models import Person


def _law(paper: DecisionPaper) -> list[Fact]:
    return [
        Fact(
            "Căn cứ",
            f"Law applied: {item.name}",
            f"{item.name} = {item.value} (từ {item.effective_from}; {item.source})",
        )
        for item in paper.law
    ]


def claim_decision(person: Person, paper: DecisionPaper) -> Sheet:
    """A decision on a benefit claim, with the engine's calculation and the law in force."""
    facts = [
        Fact("Họ và tên", "Full name", person.full_name),
        Fact("Mã số BHXH", "Social insurance number", person.si_number),
        Fact("Số hồ sơ", "Claim reference", paper.reference),
        Fact("Chế độ", paper.benefit_en, paper.benefit_vi),
        Fact("Mã thủ tục", "Procedure code", paper.procedure_code),
        Fact("Thời gian hưởng", "Period", paper.period),
        Fact("Kết quả", "Outcome", paper.outcome_vi),
        Fact("Số tiền", "Amount", paper.amount),
    ]
    facts += [Fact("Lý do", "Reason", reason) for reason in paper.reasons]
    if paper.supersedes:
        facts.append(Fact("Thay thế quyết định", "Supersedes decision", paper.supersedes))
    totals = [
        *_law(paper),
        Fact("Người lập", "Made by", paper.maker),
        Fact("Người duyệt", "Approved by", paper.checker),
        Fact("Ngày quyết định", "Decided on", paper.decided_on),
    ]
    table = Table(
        headings=[("Bước", "Step"), ("Khoản", "Item"), ("Cách tính", "How"), ("Kết quả", "Result")],
        rows=[[str(n), s.name, s.formula, s.value] for n, s in enumerate(paper.steps, start=1)],
        widths=[12, 46, 76, 28],
    )
    return Sheet(
        title="QUYẾT ĐỊNH HƯỞNG CHẾ ĐỘ BẢO HIỂM XÃ HỘI",
        title_en="Decision on a social insurance benefit",
        facts=facts,
        table=table if paper.steps else None,
        totals=totals,
        note="Số tiền được tính theo quy định pháp luật có hiệu lực tại ngày phát sinh chế độ.",
    )
