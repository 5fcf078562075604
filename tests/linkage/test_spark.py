"""The Spark backend runs the same pipeline (optional extra: needs pyspark and Java)."""

import importlib.util
import shutil

import pytest

from ansinh.linkage.matcher_settings import MatcherSettings
from ansinh.linkage.pipeline import reconcile
from ansinh.synth.messy import make_truth

SPARK_MISSING = importlib.util.find_spec("pyspark") is None or shutil.which("java") is None


@pytest.mark.skipif(
    SPARK_MISSING,
    reason="SKIPPED: the Spark backend is NOT TESTED: pyspark and/or Java are not installed",
)
def test_spark_backend_matches_like_duckdb(fast_settings: MatcherSettings) -> None:
    from ansinh.linkage.backends import SparkBackend

    truth = make_truth(population=300, insured=270, seed=3)
    duck = reconcile(population=truth.population, insured=truth.insured, settings=fast_settings)
    spark = reconcile(
        population=truth.population,
        insured=truth.insured,
        settings=fast_settings,
        backend=SparkBackend(),
    )
    assert spark.summary["backend"] == "spark"
    assert abs(spark.matches.num_rows - duck.matches.num_rows) <= 3
