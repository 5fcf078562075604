from typing import get_args

from ansinh.identity import HiPayerGroup, birth_registration_codes, hi_object_codes

# Object codes listed in the fact sheet (§3.1, Decision 1351/QĐ-BHXH).
FACT_SHEET_OBJECT_CODES = {
    "DN",
    "HX",
    "CH",
    "NN",
    "TK",
    "HC",
    "XK",
    "HT",
    "TB",
    "NO",
    "CT",
    "XB",
    "TN",
    "CS",
    "QN",
    "CA",
    "CY",
    "XN",
    "MS",
    "CC",
    "CK",
    "CB",
    "KC",
    "HD",
    "TE",
    "BT",
    "HN",
    "DT",
    "DK",
    "XD",
    "TS",
    "TC",
    "TQ",
    "TA",
    "TY",
    "HG",
    "LS",
    "PV",
    "CN",
    "HS",
    "SV",
    "GB",
    "GD",
}


def test_all_63_province_codes_are_present() -> None:
    codes = birth_registration_codes()
    assert len(codes) == 63
    assert all(code[0] == "0" and code.isdigit() and len(code) == 3 for code in codes)
    assert codes["001"] == "Hà Nội"
    assert codes["079"] == "TP Hồ Chí Minh"
    assert codes["096"] == "Cà Mau"
    assert "003" not in codes


def test_object_codes_cover_the_fact_sheet() -> None:
    codes = hi_object_codes()
    assert set(codes) >= FACT_SHEET_OBJECT_CODES
    assert set(codes) - FACT_SHEET_OBJECT_CODES == {"TV"}
    assert {entry.group for entry in codes.values()} == set(get_args(HiPayerGroup))
    assert all(entry.meaning_en and entry.meaning_vi for entry in codes.values())


def test_yaml_no_is_read_as_the_code_not_a_boolean() -> None:
    assert hi_object_codes()["NO"].group == "social_insurance_fund"


def test_object_codes_carry_no_benefit_levels() -> None:
    fields = set(type(hi_object_codes()["GD"]).model_fields)
    assert fields == {"code", "group", "meaning_en", "meaning_vi", "note"}
