"""A certificate of coverage as printed: the worker, the sending employer, the validity period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansinh.documents.schemas import CoveragePaper
from ansinh.documents.sheet import Fact, Sheet

if TYPE_CHECKING:  # the caller reads the person; nothing here touches the table
    from ansinh.registry.models import Person


def certificate(person: Person, paper: CoveragePaper) -> Sheet:
    """A certificate that a posted worker stays under Vietnamese social insurance law."""
    facts = [
        Fact("Số giấy chứng nhận", "Certificate number", paper.reference),
        Fact("Mẫu", "Form", paper.form),
        Fact("Họ và tên", "Full name", person.full_name),
        Fact("Ngày sinh", "Date of birth", f"{person.date_of_birth:%d/%m/%Y}"),
        Fact("Mã số BHXH", "Social insurance number", person.si_number),
        Fact("Đơn vị cử đi", "Sending employer", f"{paper.employer} ({paper.unit_code})"),
        Fact("Nước đến làm việc", "Host country", f"{paper.country_vi} / {paper.country_en}"),
        Fact("Thời hạn hiệu lực", "Valid for the period", paper.period),
        Fact("Gia hạn", "Extension", "Có / Yes" if paper.extension else "Không / No"),
        Fact("Số tháng đã tính", "Months counted", str(paper.months_counted)),
    ]
    totals = [
        Fact("Căn cứ", "Agreement", paper.agreement),
        Fact("Chế độ áp dụng", "Benefits covered", f"{paper.scope_vi} / {paper.scope_en}"),
        Fact("Được miễn tham gia", "Exempt from", paper.host_scheme),
    ]
    return Sheet(
        title="GIẤY CHỨNG NHẬN ÁP DỤNG PHÁP LUẬT BẢO HIỂM XÃ HỘI VIỆT NAM",
        title_en="Certificate of coverage: Vietnamese social insurance law applies",
        facts=facts,
        totals=totals,
        note=(
            "Người lao động tiếp tục tham gia BHXH tại Việt Nam trong thời hạn trên và được miễn "
            "tham gia chế độ tương ứng của nước đến làm việc. / The worker stays insured in Viet "
            "Nam for the period above and is exempt from the host country's matching scheme."
        ),
    )
