"""The Spark backend finds what DuckDB finds on the same data (local Spark, Splink's own jar)."""

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest

from ansinh.linkage.backends import DuckDBBackend, JavaMissing, SparkBackend, spark_session
from ansinh.linkage.matcher_settings import MatcherSettings
from ansinh.linkage.pipeline import Reconciliation
from ansinh.synth.messy import Truth
from tests.linkage.conftest import scored_by


def _pairs(result: Reconciliation) -> set[tuple[str, str]]:
    columns = result.matches.select(["insured_record_id", "population_record_id"]).to_pydict()
    return set(zip(columns["insured_record_id"], columns["population_record_id"], strict=True))


def _f1(found: set[tuple[str, str]], links: pa.Table) -> float:
    truth = {
        (insured, population)
        for insured, population in zip(*links.to_pydict().values(), strict=True)
        if population is not None
    }
    right = len(found & truth)
    precision, recall = right / len(found), right / len(truth)
    return 2 * precision * recall / (precision + recall)


def test_spark_finds_the_matches_duckdb_finds(
    truth: Truth, reconciled: Callable[[str], Reconciliation]
) -> None:
    duck, spark = reconciled("duckdb"), reconciled("spark")
    assert spark.summary["backend"] == "spark"
    duck_pairs, spark_pairs = _pairs(duck), _pairs(spark)
    # The engines sample u differently and their Jaro-Winkler functions differ in the last
    # digits, so a handful of borderline pairs may differ; the matches and F1 may not.
    assert len(duck_pairs ^ spark_pairs) <= 0.005 * len(duck_pairs)
    assert abs(_f1(spark_pairs, truth.links) - _f1(duck_pairs, truth.links)) <= 0.002
    for status, count in duck.summary["statuses"].items():
        assert abs(spark.summary["statuses"][status] - count) <= 0.01 * truth.insured.num_rows
    assert spark.summary["methods"]["exact"] == duck.summary["methods"]["exact"]


def test_a_model_trained_on_duckdb_scores_the_same_on_spark(
    fast_settings: MatcherSettings, spark: Any
) -> None:
    def probabilities(table: pa.Table) -> dict[tuple[str, str], float]:
        return {
            (r["insured_record_id"], r["population_record_id"]): r["match_probability"]
            for r in table.to_pylist()
        }

    duck, spark_scores = (
        probabilities(t) for t in scored_by([DuckDBBackend(), SparkBackend(spark)], fast_settings)
    )
    assert len(duck) > 250
    assert spark_scores.keys() == duck.keys()
    assert all(abs(spark_scores[pair] - p) < 1e-9 for pair, p in duck.items())


def test_without_java_the_spark_backend_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(JavaMissing, match=r"scripts/ensure-java\.sh"):
        spark_session()
