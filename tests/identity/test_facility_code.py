from ansinh.identity import FacilityCode, parse_facility_code


def test_facility_code_splits_into_province_and_sequence() -> None:
    assert parse_facility_code(" 79011 ") == FacilityCode(
        value="79011", province_code="79", sequence="011"
    )
