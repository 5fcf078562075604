"""Vietnamese personal and health-insurance identifiers: parsing, validation and masking."""

from ansinh.identity._base import mask
from ansinh.identity.exceptions import InvalidIdentifier
from ansinh.identity.facility import FacilityCode, parse_facility_code
from ansinh.identity.hi_card import (
    CardKey,
    CardKeyKind,
    HiCardCode,
    parse_card_key,
    parse_hi_card_code,
)
from ansinh.identity.old_id_card import OldIdCard, parse_old_id_card
from ansinh.identity.personal_id import (
    PersonalId,
    Sex,
    build_personal_id,
    check_personal_id_matches,
    parse_personal_id,
)
from ansinh.identity.reference_data import (
    HiObjectCode,
    HiPayerGroup,
    birth_registration_codes,
    hi_object_codes,
    old_id_card_valid_until,
)
from ansinh.identity.schemas import (
    FacilityCodeStr,
    HiCardCodeStr,
    OldIdCardStr,
    PersonalIdStr,
    SiNumberStr,
)
from ansinh.identity.si_number import SiNumber, parse_si_number

__all__ = [
    "CardKey",
    "CardKeyKind",
    "FacilityCode",
    "FacilityCodeStr",
    "HiCardCode",
    "HiCardCodeStr",
    "HiObjectCode",
    "HiPayerGroup",
    "InvalidIdentifier",
    "OldIdCard",
    "OldIdCardStr",
    "PersonalId",
    "PersonalIdStr",
    "Sex",
    "SiNumber",
    "SiNumberStr",
    "birth_registration_codes",
    "build_personal_id",
    "check_personal_id_matches",
    "hi_object_codes",
    "mask",
    "old_id_card_valid_until",
    "parse_card_key",
    "parse_facility_code",
    "parse_hi_card_code",
    "parse_old_id_card",
    "parse_personal_id",
    "parse_si_number",
]
