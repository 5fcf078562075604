"""The decision on an online-service application as printed: procedure, dates, outcome, facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansinh.documents.schemas import ServicePaper
from ansinh.documents.sheet import Fact, Sheet

if TYPE_CHECKING:  # the caller reads the person; nothing here touches the table
    from ansinh.registry.models import Person

OUTCOMES = {"approved": "Chấp thuận / Approved", "rejected": "Từ chối / Refused"}


def service_result(person: Person, paper: ServicePaper) -> Sheet:
    """The result the applicant gets: what was asked, when, and what was decided (and why)."""
    facts = [
        Fact("Số hồ sơ", "Application number", paper.reference),
        Fact("Thủ tục", "Procedure", f"{paper.code} — {paper.name_vi}"),
        Fact("Họ và tên", "Full name", person.full_name),
        Fact("Mã số BHXH", "Social insurance number", person.si_number),
        Fact("Ngày tiếp nhận", "Received on", f"{paper.received_on:%d/%m/%Y}"),
        Fact("Hạn giải quyết", "Due by", f"{paper.due_on:%d/%m/%Y}"),
        *(Fact(vi, en, value) for vi, en, value in paper.facts),
    ]
    totals = [Fact("Kết quả", "Outcome", OUTCOMES[paper.outcome])]
    if paper.reason:
        totals.append(Fact("Lý do", "Reason", paper.reason))
    return Sheet(
        title="THÔNG BÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        title_en=f"Result of the application: {paper.name_en}",
        facts=facts,
        totals=totals,
        note=(
            "Văn bản điện tử có mã QR; mọi người có thể kiểm tra tính xác thực tại trang xác thực "
            "văn bản. / An electronic document; anyone can check it at the verification page."
        ),
    )
