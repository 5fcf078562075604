"""The agreement's limits applied to a posting: months counted, and the refusal if any.

Pure: the caller hands over the worker's earlier certified postings to the same country.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ansinh.coverage.agreements import Agreement


@dataclass(frozen=True)
class Posting:
    """A posting abroad: the sending employer and the days it lasts (both included)."""

    unit_code: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Refusal:
    """Why a certificate is refused: a code, and the reason in Vietnamese and English."""

    code: str
    vi: str
    en: str


@dataclass(frozen=True)
class Ruling:
    """Months counted under the agreement (this posting and the chain before it); refusal if any."""

    months: int
    refusal: Refusal | None


def months_between(start: date, end: date) -> int:
    """Calendar months from `start` to `end` (both included); a started month counts whole."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months + 1 if after.day > start.day else months


def counted(agreement: Agreement, posting: Posting) -> int:
    """The months of `posting` that count: none before the agreement's count date."""
    start = max(posting.starts_on, agreement.count_from)
    return months_between(start, posting.ends_on) if start <= posting.ends_on else 0


def chain(earlier: list[Posting], posting: Posting) -> list[Posting]:
    """The earlier postings with the same employer since the last one with another employer."""
    run: list[Posting] = []
    for before in sorted(earlier, key=lambda p: p.starts_on):
        if before.starts_on >= posting.starts_on:
            break
        run = [*run, before] if before.unit_code == posting.unit_code else []
    return run


def _overlaps(earlier: list[Posting], posting: Posting) -> bool:
    return any(e.starts_on <= posting.ends_on and posting.starts_on <= e.ends_on for e in earlier)


def check(
    agreement: Agreement, earlier: list[Posting], posting: Posting, *, extension: bool
) -> Ruling:
    """Rule on a posting: issued within the limits, else refused with the reason."""
    same_employer = chain(earlier, posting)
    months = sum(counted(agreement, p) for p in same_employer) + counted(agreement, posting)
    basic, longest = agreement.posting_months, agreement.longest_months
    if posting.ends_on < agreement.count_from:
        return Ruling(0, _before_agreement(agreement))
    if _overlaps(earlier, posting):
        return Ruling(months, _OVERLAP)
    if extension and not same_employer:
        return Ruling(months, _EXTENSION_OTHER_EMPLOYER)
    if months > longest:
        return Ruling(
            months,
            Refusal(
                "beyond_limit",
                f"Tổng thời gian cử đi {months} tháng vượt quá {longest} tháng "
                f"({basic} tháng và gia hạn tối đa {agreement.extension_months} tháng) "
                f"theo Hiệp định với {agreement.name_vi}.",
                f"The postings add up to {months} months, beyond the {longest} months "
                f"({basic} plus an extension of up to {agreement.extension_months}) "
                f"the agreement with {agreement.name_en} allows.",
            ),
        )
    if not extension and months > basic:
        return Ruling(
            months,
            Refusal(
                "beyond_posting",
                f"Tổng thời gian cử đi {months} tháng vượt quá {basic} tháng; cùng người sử "
                "dụng lao động có thể đề nghị gia hạn.",
                f"The postings add up to {months} months, beyond {basic}; the same employer "
                "may apply for an extension.",
            ),
        )
    return Ruling(months, None)


def _before_agreement(agreement: Agreement) -> Refusal:
    day = agreement.count_from
    return Refusal(
        "before_agreement",
        f"Thời gian cử đi kết thúc trước ngày {day:%d/%m/%Y}, ngày Hiệp định có hiệu lực.",
        f"The posting ends before {day.isoformat()}, when the agreement came into force.",
    )


_OVERLAP = Refusal(
    "overlap",
    "Thời gian cử đi trùng với một giấy chứng nhận đã cấp cho người lao động.",
    "The posting overlaps a certificate already issued for the worker.",
)
_EXTENSION_OTHER_EMPLOYER = Refusal(
    "extension_other_employer",
    "Chỉ được gia hạn khi người lao động tiếp tục được chính người sử dụng lao động đã cử đi "
    "gửi sang.",
    "An extension is granted only to the employer that posted the worker before.",
)
NO_AGREEMENT = Refusal(
    "no_agreement",
    "Việt Nam chưa có Hiệp định về bảo hiểm xã hội có hiệu lực với quốc gia này.",
    "Viet Nam has no social-security agreement in force with this country.",
)
