from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from ansinh.geo import ProvinceCodeStr, ProvinceRead, get_province

CODE = TypeAdapter(ProvinceCodeStr)


@pytest.mark.parametrize("code", ["01", "15", "79", "96"])
def test_current_codes_are_accepted(code: str) -> None:
    assert CODE.validate_python(code) == code


@pytest.mark.parametrize("code", ["67", "74", "28"])
def test_legacy_only_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="not the code of one of the 34 provinces"):
        CODE.validate_python(code)


@pytest.mark.parametrize("code", ["1", "079", "7a", "", "٧٩"])
def test_malformed_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="pattern"):
        CODE.validate_python(code)


def test_province_read_from_a_province() -> None:
    read = ProvinceRead.model_validate(get_province("75", on=date(2026, 5, 1)))
    assert read.model_dump() == {"code": "75", "name": "Đồng Nai", "kind": "city"}
