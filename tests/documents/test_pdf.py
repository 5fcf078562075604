"""The PDFs: Vietnamese text a reader can extract, the seal in the metadata, the QR drawn."""

from __future__ import annotations

import io
import time
from datetime import UTC, date, datetime

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from ansinh.contributions.book.service import BookPeriod, SiBook
from ansinh.core.audit.models import AuditEvent
from ansinh.documents import pdf, seal, service, sheets
from ansinh.documents.schemas import Issued
from ansinh.health.models import Card
from ansinh.registry import service as registry
from tests.documents.conftest import ACTOR, PURPOSE
from tests.documents.qr import dark_modules, drawn_modules
from tests.portal.conftest import Citizen

ISSUED_AT = datetime(2026, 12, 5, 3, tzinfo=UTC)


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_confirmation_is_a_pdf_in_vietnamese_with_its_seal_and_qr(
    confirmation: Issued, alice: Citizen, db_session: Session
) -> None:
    reader = PdfReader(io.BytesIO(confirmation.pdf))
    text = _text(reader)
    assert "XÁC NHẬN QUÁ TRÌNH ĐÓNG BẢO HIỂM XÃ HỘI" in text
    assert alice.full_name in text and alice.si_number in text
    assert "Mã số BHXH" in text and "Tổng thời gian đóng" in text and "đã đóng" in text
    assert alice.personal_id not in text and alice.personal_id[-3:] in text  # masked
    assert confirmation.document_id in text
    token = str(reader.metadata["/Keywords"])  # type: ignore[index]
    assert confirmation.url == seal.verification_url(token)
    assert drawn_modules(reader, confirmation.url) == dark_modules(confirmation.url)
    created = db_session.scalars(
        select(AuditEvent.resource).where(
            AuditEvent.subject == alice.si_number, AuditEvent.action == "create"
        )
    ).all()
    assert "documents.document" in created


def test_the_hi_card_pdf_shows_the_card_and_its_five_year_date(
    db_session: Session, alice: Citizen, card: Card
) -> None:
    issued = service.issue_hi_card(
        db_session=db_session, actor=ACTOR, si_number=alice.si_number, purpose=PURPOSE
    )
    reader = PdfReader(io.BytesIO(issued.pdf))
    text = _text(reader)
    assert "THÔNG TIN THẺ BẢO HIỂM Y TẾ" in text and f"DN479{alice.si_number}" in text
    assert "Trạm Y tế Bến Nghé (79001)" in text
    assert card.valid_to.strftime("%d/%m/%Y") in text and "Thời điểm đủ 5 năm liên tục" in text
    assert drawn_modules(reader, issued.url) == dark_modules(issued.url)


def test_a_thirty_period_confirmation_renders_in_well_under_a_second(
    db_session: Session, alice: Citizen
) -> None:
    person = registry.get_person(db_session=db_session, si_number=alice.si_number)
    periods = [
        BookPeriod(
            unit_code=f"TA{i:04d}",
            employer=f"Công ty TNHH Thương mại Dịch vụ Đồng Tâm số {i}",
            start=date(1995 + i, 1, 1),
            end=date(1995 + i, 12, 1),
            salary=5_000_000 + 250_000 * i,
        )
        for i in range(30)
    ]
    book = SiBook(
        si_number=person.si_number,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        on=date(2026, 12, 5),
        periods=periods,
        total_months=360,
        owed_months=0,
        source="contributions",
    )
    sheet = sheets.si_confirmation(person, book)
    started = time.process_time()  # CPU time: a stall of the shared machine is not the renderer's
    body = pdf.render(
        sheet,
        document_id="VB-TEST00000000",
        issued_at=ISSUED_AT,
        seal="a.b.c",
        url="https://example.invalid/verify#a.b.c",
        verify_page="https://example.invalid/verify",
    )
    elapsed = time.process_time() - started
    text = _text(PdfReader(io.BytesIO(body)))
    assert "(TA0029)" in text and "360 tháng (30 năm 0 tháng)" in text
    assert elapsed < 1.0, elapsed
