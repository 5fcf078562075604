"""Which fields of two normalised records agree: match, partial, mismatch or missing."""

from __future__ import annotations

from typing import Literal

import duckdb
import numpy as np
import pyarrow as pa

Agreement = Literal["match", "partial", "mismatch", "missing"]
FIELDS = ("personal_id", "full_name", "date_of_birth", "sex", "province", "address")

_RULES = {
    "personal_id": (
        "{a}.pid IS NULL OR {b}.pid IS NULL",
        "{a}.pid = {b}.pid",
        "damerau_levenshtein({a}.pid, {b}.pid) <= 1",
    ),
    "full_name": (
        "{a}.name_bare IS NULL OR {b}.name_bare IS NULL",
        "{a}.name_toned = {b}.name_toned"
        " OR ({a}.name_bare = {b}.name_bare AND NOT ({a}.name_marked AND {b}.name_marked))",
        "{a}.name_bare = {b}.name_bare OR ({a}.surname = {b}.surname AND {a}.given = {b}.given)"
        " OR damerau_levenshtein({a}.name_bare, {b}.name_bare) <= 1",
    ),
    "date_of_birth": (
        "{a}.birth_year IS NULL OR {b}.birth_year IS NULL",
        "{a}.dob = {b}.dob",
        "{a}.birth_year = {b}.birth_year"
        " OR ({a}.birth_month = {b}.birth_month AND {a}.birth_day = {b}.birth_day)",
    ),
    "sex": ("{a}.sex IS NULL OR {b}.sex IS NULL", "{a}.sex = {b}.sex", "false"),
    "province": (
        "{a}.province IS NULL OR {b}.province IS NULL",
        "{a}.province = {b}.province",
        "false",
    ),
    "address": (
        "{a}.address IS NULL OR {b}.address IS NULL",
        "{a}.address = {b}.address",
        "jaro_winkler_similarity({a}.address, {b}.address) >= 0.9",
    ),
}


def agreement_sql(a: str, b: str) -> str:
    """SQL select items naming each field's agreement between table aliases `a` and `b`."""
    items = []
    for field, (missing, match, partial) in _RULES.items():
        when = {"missing": missing, "match": match, "partial": partial}
        cases = " ".join(
            f"WHEN {rule.format(a=a, b=b)} THEN '{level}'" for level, rule in when.items()
        )
        items.append(f"CASE {cases} ELSE 'mismatch' END AS {field}")
    return ", ".join(items)


def field_agreement(left: pa.Table, right: pa.Table) -> pa.Table:
    """Compare normalised records row by row (same length); one agreement column per field."""
    if left.num_rows != right.num_rows:
        raise ValueError("field_agreement compares tables of the same length")
    row = pa.array(np.arange(left.num_rows))
    con = duckdb.connect()
    con.register("a", left.append_column("row_number", row))
    con.register("b", right.append_column("row_number", row))
    sql = f"SELECT {agreement_sql('a', 'b')} FROM a JOIN b USING (row_number) ORDER BY row_number"
    return con.sql(sql).to_arrow_table()
