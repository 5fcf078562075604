"""Exact pass: the same personal ID on both sides, with name, birth and sex agreeing."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from ansinh.linkage.agreement import agreement_sql

EXACT = "exact"
_ACCEPT = (
    "personal_id = 'match' AND full_name IN ('match', 'partial')"
    " AND date_of_birth <> 'mismatch' AND sex <> 'mismatch'"
)


def exact_pass(*, insured: pa.Table, population: pa.Table) -> pa.Table:
    """Return (insured_record_id, population_record_id) pairs accepted on the personal ID."""
    con = duckdb.connect()
    con.register("i", insured)
    con.register("p", population)
    sql = f"""
        SELECT insured_record_id, population_record_id FROM (
            SELECT i.record_id AS insured_record_id, p.record_id AS population_record_id,
                   {agreement_sql("i", "p")}
            FROM i JOIN p ON i.pid = p.pid
        ) WHERE {_ACCEPT}
    """
    return con.sql(sql).to_arrow_table()
