"""Answers of an eligibility check: the assessment gateway's result codes, named.

The 3-digit codes are the ones hospital systems already handle (VSS gateway `maKetQua`, fact
sheet §5); the native API and FHIR carry the same code next to a plain outcome. 000-004 are usable
for treatment; 003/004 tell the clinic to switch to the new card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal[
    "valid",
    "valid_with_notes",
    "card_expired",
    "card_not_yet_valid",
    "card_suspended",
    "card_ended",
    "card_withdrawn",
    "card_code_mismatch",
    "details_mismatch",
    "clerk_refused",
    "not_found",
]

# Object codes whose cards are managed by the social insurance of the Ministry of Defence (001)
# and of the Ministry of Public Security (002): army, cipher staff and their relatives; police.
DEFENCE_CODES = frozenset({"QN", "CY", "TQ", "TY"})
POLICE_CODES = frozenset({"CA", "TA"})


@dataclass(frozen=True)
class Result:
    """One answer: the gateway code, the outcome it means, messages in English and Vietnamese."""

    code: str
    outcome: Outcome
    message: str
    message_vi: str

    @property
    def usable(self) -> bool:
        """True when the card may be used for this visit (codes 000-004)."""
        return self.code <= "004"


def _r(code: str, outcome: Outcome, message: str, message_vi: str) -> Result:
    return Result(code, outcome, message, message_vi)


VALID = _r("000", "valid", "Card data correct", "Thông tin thẻ chính xác")
DEFENCE = _r(
    "001",
    "valid_with_notes",
    "Card managed by the Ministry of Defence's social insurance: check the ID papers",
    "Thẻ do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra giấy tờ tùy thân",
)
POLICE = _r(
    "002",
    "valid_with_notes",
    "Card managed by the Ministry of Public Security's social insurance: check the ID papers",
    "Thẻ do BHXH Bộ Công an quản lý, đề nghị kiểm tra giấy tờ tùy thân",
)
RENEWED_OLD_EXPIRED = _r(
    "003",
    "valid_with_notes",
    "Old card expired; a new card was issued: use the new card",
    "Thẻ cũ hết giá trị sử dụng, được cấp thẻ mới",
)
RENEWED_OLD_VALID = _r(
    "004",
    "valid_with_notes",
    "Old card still valid; a new card was issued: use the new card",
    "Thẻ cũ còn giá trị sử dụng, được cấp thẻ mới",
)
EXPIRED = _r("010", "card_expired", "Card expired", "Thẻ hết giá trị sử dụng")
NOT_YET_VALID = _r(
    "010",
    "card_not_yet_valid",
    "Card not yet valid on the visit date",
    "Thẻ chưa đến hạn sử dụng",
)
NO_CARD = _r("050", "not_found", "No card information", "Không có thông tin thẻ")
WRONG_CODE = _r("051", "card_code_mismatch", "Wrong card code", "Mã thẻ không đúng")
WRONG_PROVINCE = _r(
    "052",
    "card_code_mismatch",
    "Wrong issuing-province code (characters 4-5 of the card code)",
    "Mã tỉnh cấp thẻ (ký tự thứ 4, 5 của mã thẻ) không đúng",
)
WRONG_LEVEL = _r(
    "053",
    "card_code_mismatch",
    "Wrong benefit code (character 3 of the card code)",
    "Mã quyền lợi thẻ (ký tự thứ 3 của mã thẻ) không đúng",
)
CLERK_UNKNOWN = _r(
    "054",
    "clerk_refused",
    "The clerk's personal ID is not in the facility's user list",
    "CCCD của cán bộ tra cứu không có trong danh sách người dùng của cơ sở KCB",
)
CLERK_NAME = _r(
    "055",
    "clerk_refused",
    "The clerk's name does not match that personal ID",
    "Họ tên cán bộ tra cứu không khớp với CCCD",
)
WRONG_NAME = _r("060", "details_mismatch", "Wrong name", "Họ tên không đúng")
WRONG_NAME_INITIALS = _r(
    "061",
    "details_mismatch",
    "Wrong name (the first letters are right)",
    "Họ tên không đúng (đúng ký tự đầu)",
)
WRONG_BIRTH_DATE = _r("070", "details_mismatch", "Wrong date of birth", "Ngày sinh không đúng")
WITHDRAWN = _r("110", "card_withdrawn", "Card withdrawn", "Thẻ đã thu hồi")
ENDED = _r("120", "card_ended", "Card reported as ended", "Thẻ đã báo giảm")
SUSPENDED = _r(
    "120",
    "card_suspended",
    "Card suspended: contributions have lapsed",
    "Thẻ tạm dừng giá trị sử dụng do chưa đóng đủ",
)
DEATH = _r(
    "120",
    "card_ended",
    "Card ended: the insured person has died",
    "Thẻ đã báo giảm do người tham gia đã chết",
)
ENDED_BY_REASON: dict[str, Result] = {
    "moved_province": _r(
        "121",
        "card_ended",
        "Card ended: moved to another province",
        "Thẻ đã báo giảm: chuyển ngoại tỉnh",
    ),
    "moved_within": _r(
        "122",
        "card_ended",
        "Card ended: moved within the province",
        "Thẻ đã báo giảm: chuyển nội tỉnh",
    ),
    "re_enrolled": _r(
        "123",
        "card_ended",
        "Card ended: re-enrolled with the same employer",
        "Thẻ đã báo giảm: tăng lại cùng đơn vị",
    ),
    "stopped": _r(
        "124", "card_ended", "Card ended: stopped participating", "Thẻ đã báo giảm: dừng tham gia"
    ),
    "death": DEATH,
}
