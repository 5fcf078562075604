"""The content of each kind of document, in Vietnamese with English labels, from domain reads."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from ansinh.contributions.book.service import BookPeriod, SiBook
from ansinh.documents.sheet import Fact, Sheet, Table
from ansinh.identity import mask

if TYPE_CHECKING:  # the reads return these; nothing here touches their tables
    from ansinh.health.cards.service import HiCard
    from ansinh.registry.models import Person

SEX = {"M": "Nam / Male", "F": "Nữ / Female"}
SCHEMES = {"voluntary": "BHXH tự nguyện", "household": "BHYT hộ gia đình"}


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _vnd(amount: int) -> str:
    return f"{format_decimal(amount, locale='vi')} ₫"


def _holder(person: Person) -> list[Fact]:
    facts = [
        Fact("Họ và tên", "Full name", person.full_name),
        Fact("Ngày sinh", "Date of birth", _day(person.date_of_birth)),
        Fact("Giới tính", "Sex", SEX.get(person.sex, person.sex)),
        Fact("Mã số BHXH", "Social insurance number", person.si_number),
    ]
    if person.personal_id:
        facts.append(Fact("Số định danh cá nhân", "Personal ID (masked)", mask(person.personal_id)))
    return facts


def _unit(period: BookPeriod) -> str:
    if period.employer:
        return f"{period.employer} ({period.unit_code})" if period.unit_code else period.employer
    return SCHEMES.get(period.scheme, period.scheme)


def si_confirmation(person: Person, book: SiBook) -> Sheet:
    """The confirmation of a person's contribution record as it stands on `book.on`."""
    rows = [
        [
            p.start.strftime("%m/%Y"),
            p.end.strftime("%m/%Y") + (" (đang đóng)" if p.running else ""),
            _unit(p),
            _vnd(p.salary),
            "đã đóng" if p.counted else "còn nợ",
        ]
        for p in book.periods
    ]
    years, months = divmod(book.total_months, 12)
    totals = [
        Fact(
            "Tổng thời gian đóng",
            "Total contribution time",
            f"{book.total_months} tháng ({years} năm {months} tháng)",
        )
    ]
    if book.owed_months:
        totals.append(
            Fact(
                "Số tháng đơn vị còn nợ",
                "Months declared but not yet paid by the employer",
                f"{book.owed_months} tháng",
            )
        )
    return Sheet(
        title="XÁC NHẬN QUÁ TRÌNH ĐÓNG BẢO HIỂM XÃ HỘI",
        title_en="Confirmation of social insurance contribution record",
        facts=[*_holder(person), Fact("Tính đến ngày", "As of", _day(book.on))],
        table=Table(
            headings=[
                ("Từ tháng", "From"),
                ("Đến tháng", "To"),
                ("Đơn vị / loại hình", "Employer / scheme"),
                ("Mức lương đóng", "Monthly salary"),
                ("Trạng thái", "Status"),
            ],
            rows=rows,
            widths=[18, 26, 62, 32, 24],
        ),
        totals=totals,
        note="Tháng còn nợ được tính khi đơn vị đóng đủ." if book.owed_months else "",
    )


def hi_card(person: Person, card: HiCard) -> Sheet:
    """The details of a person's current health-insurance card."""
    current = card.card
    facts = [
        *_holder(person),
        Fact("Mã thẻ BHYT", "Health-insurance card number", current.code),
        Fact("Mức hưởng", "Benefit level", str(current.benefit_level)),
        Fact(
            "Giá trị sử dụng",
            "Valid",
            f"từ {_day(current.valid_from)} đến {_day(current.valid_to)}",
        ),
        Fact(
            "Nơi đăng ký KCB ban đầu",
            "Primary-care facility",
            f"{current.facility_name or ''} ({current.facility_code})".strip()
            if current.facility_code
            else "—",
        ),
    ]
    if current.five_years_from:
        facts.append(
            Fact(
                "Thời điểm đủ 5 năm liên tục",
                "Five consecutive years from",
                _day(current.five_years_from),
            )
        )
    return Sheet(
        title="THÔNG TIN THẺ BẢO HIỂM Y TẾ",
        title_en="Health-insurance card details",
        facts=facts,
        note="Cơ sở khám chữa bệnh kiểm tra thẻ bằng mã thẻ BHYT hoặc mã QR trên thẻ.",
    )
