"""Normalisation of contract records into the keys the matcher compares."""

import pyarrow as pa

from ansinh.linkage.normalise import INPUT_COLUMNS, normalise, province_code


def _one(**fields: str | None) -> dict[str, object]:
    record = {c: fields.get(c) for c in INPUT_COLUMNS} | {"record_id": "1"}
    table = pa.table({c: pa.array([record[c]], pa.string()) for c in INPUT_COLUMNS})
    return normalise(table).to_pylist()[0]


def test_names_lose_case_marks_and_spelling_differences() -> None:
    a = _one(full_name="Nguyễn Văn Hòa")
    b = _one(full_name="NGUYỄN  VĂN HOÀ")
    c = _one(full_name="Nguyen Van Hoa")
    assert a["name_toned"] == b["name_toned"] != c["name_toned"]
    assert a["name_bare"] == b["name_bare"] == c["name_bare"] == "nguien van hoa"
    assert (a["surname"], a["given"]) == ("nguien", "hoa")
    assert a["name_marked"] and not c["name_marked"]


def test_dates_keep_the_precision_they_have() -> None:
    day = _one(date_of_birth="1990-05-17")
    assert (day["dob"], day["birth_year"], day["birth_month"], day["birth_day"]) == (
        "1990-05-17",
        1990,
        5,
        17,
    )
    month = _one(date_of_birth="1990-05")
    assert (month["dob"], month["birth_year"], month["birth_month"]) == (None, 1990, 5)
    year = _one(date_of_birth="1990")
    assert (year["birth_year"], year["birth_month"]) == (1990, None)


def test_impossible_and_placeholder_dates_are_unknown() -> None:
    assert _one(date_of_birth="1900-01-01")["birth_year"] is None
    impossible = _one(date_of_birth="1990-02-30")
    assert (impossible["birth_month"], impossible["birth_day"]) == (2, None)
    assert _one(date_of_birth="17/05/1990")["birth_year"] is None


def test_only_twelve_digit_ids_count_and_their_structure_is_checked() -> None:
    spaced = _one(personal_id="079 090 001 234", sex="M", date_of_birth="1990")
    assert spaced["pid"] == "079090001234"
    assert spaced["id_consistent"] is True
    assert _one(personal_id="079090001234", sex="F")["id_consistent"] is False
    assert _one(personal_id="079090001234", date_of_birth="1991")["id_consistent"] is False
    assert _one(personal_id="123456789")["pid"] is None


def test_old_province_names_and_codes_give_todays_province() -> None:
    assert province_code("Bình Dương") == province_code("binh duong") == "79"
    assert province_code("79") == "79"
    assert province_code("74") == "79"  # a legacy code that is no current code
    assert province_code("Atlantis") is None
    record = _one(province="Bình Dương", address="Số 1, Lê Lợi, Phường An Phú, Bình Dương")
    assert record["province"] == "79"
    assert record["address"] == "so 1, le loi, phuong an phu"


def test_sex_and_empty_values() -> None:
    assert _one(sex="m")["sex"] == "M"
    assert _one(sex="X")["sex"] is None
    empty = _one(full_name="  ")
    assert empty["name_bare"] is None and empty["surname"] is None
