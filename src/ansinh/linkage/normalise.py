"""Vietnamese-aware normalisation of person records into the columns the matcher compares.

Input columns (all text, any but `record_id` may be empty): record_id, personal_id, full_name,
date_of_birth (YYYY-MM-DD, YYYY-MM or YYYY), sex (M/F), province (name or 2-digit code, before
or after the 2025 merger), address. Work is done per distinct word or value, never per row in
Python, so a million records normalise in seconds.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ansinh.core.arrow_text import (
    first_word,
    join_words,
    last_word,
    map_values,
    map_words,
    split_words,
)
from ansinh.core.vietnamese import bare_key, has_marks, word_key
from ansinh.geo import UnknownProvince, current_provinces, find_province, successor

INPUT_COLUMNS = (
    "record_id",
    "personal_id",
    "full_name",
    "date_of_birth",
    "sex",
    "province",
    "address",
)
FIRST_YEAR = 1901  # earlier years in legacy data are placeholders ("1900-01-01"), not births
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_CODE = re.compile(r"^\d{2}$")


def normalise(records: pa.Table) -> pa.Table:
    """Return one row per record with the keys the exact pass and Splink compare."""
    text = {c: _text(records, c) for c in INPUT_COLUMNS}
    year, month, day = _date_parts(text["date_of_birth"])
    upper_sex = pc.utf8_upper(text["sex"])
    sex = pc.if_else(pc.is_in(upper_sex, pa.array(["M", "F"])), upper_sex, None)
    pid = _personal_id(text["personal_id"])
    words = split_words(text["full_name"])
    bare_words = map_words(words, bare_key)
    address_words = map_words(split_words(_without_province(text["address"])), bare_key)
    return pa.table(
        {
            "record_id": text["record_id"],
            "pid": pid,
            "pid_prefix": pc.utf8_slice_codeunits(pid, 0, 6),
            "id_consistent": _id_consistent(pid, sex, year),
            "name_toned": join_words(map_words(words, word_key)),
            "name_bare": join_words(bare_words),
            "name_marked": map_values(text["full_name"], has_marks, pa.bool_()),
            "surname": first_word(bare_words),
            "given": last_word(bare_words),
            "dob": pc.if_else(pc.is_valid(day), text["date_of_birth"], None),
            "birth_year": year,
            "birth_month": month,
            "birth_day": day,
            "sex": sex,
            "province": map_values(text["province"], province_code, pa.string()),
            "address": join_words(address_words),
        }
    )


def province_code(text: str) -> str | None:
    """Return today's 2-digit province for a name or code (legacy codes give their successor)."""
    value = text.strip()
    if _CODE.match(value):
        if value in _current_codes():
            return value
        try:
            return successor(value).code
        except UnknownProvince:
            return None
    try:
        return find_province(value).code
    except UnknownProvince:
        return None


@cache
def _current_codes() -> frozenset[str]:
    return frozenset(p.code for p in current_provinces())


def _text(records: pa.Table, column: str) -> pa.StringArray:
    """The column as trimmed text with empty values as nulls (absent columns are all null)."""
    if column not in records.column_names:
        return pa.nulls(records.num_rows, pa.string())
    values = pc.utf8_trim_whitespace(pc.cast(records.column(column), pa.string()))
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return pc.if_else(pc.equal(array, ""), None, array)


def _date_parts(text: pa.StringArray) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Split dates into year, month and day; impossible or placeholder parts become null."""
    well_formed = pc.fill_null(pc.match_substring_regex(text, _DATE), False)
    length = pc.utf8_length(text)
    year = _number(text, 0, 4, well_formed)
    month = _number(text, 5, 7, pc.and_(well_formed, pc.greater_equal(length, 7)))
    day = _number(text, 8, 10, pc.and_(well_formed, pc.equal(length, 10)))
    y = year.to_numpy(zero_copy_only=False)
    m = month.to_numpy(zero_copy_only=False)
    d = day.to_numpy(zero_copy_only=False)
    year_ok = (y >= FIRST_YEAR) & (y <= np.datetime64("today", "Y").astype(int) + 1970)
    month_ok = year_ok & (m >= 1) & (m <= 12)
    first = np.where(month_ok, (y - 1970) * 12 + m - 1, 0).astype("datetime64[M]")
    month_days = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(int)
    day_ok = month_ok & (d >= 1) & (d <= month_days)
    return (
        pa.array(np.where(year_ok, y, 0), pa.int32(), mask=~year_ok),
        pa.array(np.where(month_ok, m, 0), pa.int32(), mask=~month_ok),
        pa.array(np.where(day_ok, d, 0), pa.int32(), mask=~day_ok),
    )


def _number(text: pa.StringArray, start: int, stop: int, where: pa.BooleanArray) -> pa.Array:
    digits = pc.if_else(where, pc.utf8_slice_codeunits(text, start, stop), None)
    return pc.fill_null(pc.cast(digits, pa.int32()), -1)


def _personal_id(text: pa.StringArray) -> pa.StringArray:
    """Keep 12-digit personal IDs (spaces and dots dropped); 9-digit CMND numbers are not IDs."""
    digits = pc.replace_substring_regex(text, r"[^0-9]", "")
    return pc.if_else(pc.equal(pc.utf8_length(digits), 12), digits, None)


def _id_consistent(pid: pa.StringArray, sex: pa.StringArray, year: pa.Array) -> pa.BooleanArray:
    """Whether the ID's century/sex and year digits agree with the record's own sex and year."""
    digit = pc.cast(pc.utf8_slice_codeunits(pid, 3, 4), pa.int32())
    yy = pc.cast(pc.utf8_slice_codeunits(pid, 4, 6), pa.int32())
    id_year = pc.add(pc.multiply(pc.add(pc.divide(digit, 2), 19), 100), yy)
    id_sex = pc.if_else(pc.equal(pc.bit_wise_and(digit, 1), 1), "F", "M")
    sex_ok = pc.fill_null(pc.equal(id_sex, sex), True)
    year_ok = pc.fill_null(pc.equal(id_year, year), True)
    return pc.if_else(pc.is_valid(pid), pc.and_(sex_ok, year_ok), None)


def _without_province(address: pa.StringArray) -> pa.StringArray:
    """Drop a trailing ", <province>" so old and new province names do not count twice."""
    last = pc.utf8_trim_whitespace(pc.replace_substring_regex(address, r"^.*,", ""))
    is_province = pc.fill_null(
        map_values(last, lambda part: province_code(part) is not None, pa.bool_()), False
    )
    head = pc.replace_substring_regex(address, r",[^,]*$", "")
    return pc.if_else(pc.and_(is_province, pc.match_substring(address, ",")), head, address)
