"""One-to-one assignment keeps the best pairs and reports near rivals."""

import pyarrow as pa

from ansinh.linkage.assign import one_to_one


def _pairs(rows: list[tuple[str, str, float]]) -> pa.Table:
    insured, register, probability = zip(*rows, strict=True)
    return pa.table(
        {
            "insured_record_id": list(insured),
            "population_record_id": list(register),
            "match_probability": list(probability),
        }
    )


def test_each_record_is_used_once_best_first() -> None:
    kept = one_to_one(
        _pairs(
            [("a", "x", 0.9), ("a", "y", 0.8), ("b", "x", 0.95), ("b", "z", 0.7), ("c", "z", 0.6)]
        )
    ).to_pylist()
    chosen = {(r["insured_record_id"], r["population_record_id"]) for r in kept}
    assert chosen == {("b", "x"), ("a", "y"), ("c", "z")}
    rival = {r["insured_record_id"]: r["rival_probability"] for r in kept}
    assert rival == {"a": 0.9, "b": 0.9, "c": 0.7}


def test_ties_do_not_depend_on_row_order() -> None:
    rows = [("a", "x", 0.9), ("a", "y", 0.9)]
    first = one_to_one(_pairs(rows)).column("population_record_id").to_pylist()
    second = one_to_one(_pairs(rows[::-1])).column("population_record_id").to_pylist()
    assert first == second == ["x"]


def test_no_pairs() -> None:
    empty = _pairs([("a", "x", 0.5)]).slice(0, 0)
    assert one_to_one(empty).num_rows == 0
