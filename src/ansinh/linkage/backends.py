"""Where Splink runs: DuckDB in process (default) or Spark for national scale (needs Java).

Both train the same model from the versioned settings and score the same candidate pairs; a
backend only supplies Splink's database API, table registration and the SQL dialect's names.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import tempfile
import uuid
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar, final

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker

from ansinh.core.config import get_settings
from ansinh.linkage.matcher_settings import MatcherSettings

POPULATION = "population"
INSURED = "insured"
PAIR_COLUMNS = ("insured_record_id", "population_record_id", "match_probability")
WAREHOUSE = str(Path(tempfile.gettempdir()) / "ansinh-spark-warehouse")

logging.getLogger("splink").setLevel(logging.ERROR)


class Backend(ABC):
    """Trains the Splink model and scores candidate pairs on one SQL engine."""

    name: ClassVar[str]
    u_chunks: ClassVar[int] = 10
    """Pieces of the u sample, each one query; counting stops early once every level is seen."""

    @abstractmethod
    def _database(self) -> Any:
        """A fresh Splink database API."""

    @abstractmethod
    def _register(self, database: Any, table: pa.Table, name: str) -> Any:
        """Register an Arrow table with the database API; return the SplinkDataFrame."""

    @abstractmethod
    def _release(self, database: Any) -> None:
        """Free what the engine holds for one training or prediction."""

    def _dialect(self, sql: str) -> str:
        """Rewrite DuckDB function names of the settings file for this engine."""
        return sql

    @final
    def train(
        self, *, population: pa.Table, insured: pa.Table, settings: MatcherSettings
    ) -> dict[str, Any]:
        """Estimate u by random sampling and m by EM; return the trained Splink settings."""
        database = self._database()
        try:
            linker = self._linker(
                database, population, insured, self._splink_settings(settings.splink)
            )
            training = settings.training
            linker.training.estimate_u_using_random_sampling(
                max_pairs=training.u_max_pairs, seed=training.u_seed, num_chunks=self.u_chunks
            )
            for rule in training.em_blocking_rules:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    self._dialect(rule), max_pairs=training.em_max_pairs
                )
            return dict(linker.misc.save_model_to_json())
        finally:
            self._release(database)

    @final
    def predict(
        self,
        *,
        population: pa.Table,
        insured: pa.Table,
        model: dict[str, Any],
        prior: float,
        threshold: float,
    ) -> pa.Table:
        """Score the blocked pairs of a trained model; keep those at or above `threshold`."""
        if population.num_rows == 0 or insured.num_rows == 0:
            return _empty_pairs()
        trained = self._splink_settings(model) | {"probability_two_random_records_match": prior}
        trained.pop("sql_dialect", None)  # a model trained on one engine predicts on another
        database = self._database()
        try:
            linker = self._linker(database, population, insured, trained)
            scored = linker.inference.predict(threshold_match_probability=threshold)
            table: pa.Table = scored.as_pyarrow_table()  # type: ignore[no-untyped-call]
        finally:
            self._release(database)
        left_is_insured = pc.equal(table.column("source_dataset_l"), INSURED)
        return pa.table(
            {
                "insured_record_id": pc.if_else(
                    left_is_insured, table.column("record_id_l"), table.column("record_id_r")
                ),
                "population_record_id": pc.if_else(
                    left_is_insured, table.column("record_id_r"), table.column("record_id_l")
                ),
                "match_probability": pc.cast(table.column("match_probability"), pa.float64()),
            }
        )

    def _blocking_rule(self, rule: str | dict[str, Any]) -> str | dict[str, Any]:
        """A rule of the settings file (text) or of a saved model (a dict naming its dialect)."""
        if isinstance(rule, str):
            return self._dialect(rule)
        kept = {key: value for key, value in rule.items() if key != "sql_dialect"}
        return kept | {"blocking_rule": self._dialect(rule["blocking_rule"])}

    def _linker(
        self, database: Any, population: pa.Table, insured: pa.Table, splink: dict[str, Any]
    ) -> Linker:
        frames = [
            self._register(database, population, POPULATION),
            self._register(database, insured, INSURED),
        ]
        return Linker(frames, splink, log_level=None)

    def _splink_settings(self, splink: dict[str, Any]) -> dict[str, Any]:
        settings = copy.deepcopy(splink)
        settings["blocking_rules_to_generate_predictions"] = [
            self._blocking_rule(rule) for rule in settings["blocking_rules_to_generate_predictions"]
        ]
        for comparison in settings["comparisons"]:
            for level in comparison["comparison_levels"]:
                level["sql_condition"] = self._dialect(level["sql_condition"])
        return settings


class DuckDBBackend(Backend):
    """Splink on an in-process DuckDB database (the default).

    Its memory is capped by `ANSINH_LINKAGE_MEMORY_LIMIT` when set; beyond the cap DuckDB spills
    intermediate tables to `ANSINH_LINKAGE_SPILL_DIR`, so a national file links on a machine
    smaller than the run's working set.
    """

    name = "duckdb"

    def __init__(self, memory_limit: str | None = None, spill_dir: Path | None = None) -> None:
        settings = get_settings()
        limit = memory_limit or settings.linkage_memory_limit
        spill = spill_dir or settings.linkage_spill_dir
        self._config: dict[str, str | bool | int | float | list[str]] = {}
        if limit:
            self._config["memory_limit"] = limit
        if spill:
            self._config["temp_directory"] = str(spill)

    def _database(self) -> Any:
        import duckdb
        from splink import DuckDBAPI

        return DuckDBAPI(duckdb.connect(":memory:", config=self._config))

    def _register(self, database: Any, table: pa.Table, name: str) -> Any:
        return database.register(table, dataset_display_name=name)

    def _release(self, database: Any) -> None:
        database.delete_tables_created_by_splink_from_db()


class SparkBackend(Backend):
    """Splink on Spark: a local session by default, or the session of a cluster passed in.

    Splink's similarity functions (Jaro-Winkler, Damerau-Levenshtein) are Scala UDFs in a jar
    that ships inside the Splink wheel; the session built here loads it from there, so nothing
    is downloaded at run time. Intermediate tables are persisted in the session's cache and
    released after each training and prediction.
    """

    name = "spark"
    u_chunks = 1  # each query costs a Spark job (about a second); the sample is small anyway

    def __init__(self, session: Any = None) -> None:
        self._session = session if session is not None else spark_session()
        self._views: list[str] = []

    def _database(self) -> Any:
        from splink.backends.spark import SparkAPI

        return SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=self._session,
            break_lineage_method="persist",
            num_partitions_on_repartition=_shuffle_partitions(self._session),
        )

    def _register(self, database: Any, table: pa.Table, name: str) -> Any:
        # Temporary views outlive a Splink database API in the session: each gets its own name.
        view = f"ansinh_{name}_{uuid.uuid4().hex}"
        self._views.append(view)
        frame = self._session.createDataFrame(table)
        return database.register(frame, dataset_display_name=name, table_name=view)

    def _release(self, database: Any) -> None:
        database.delete_tables_created_by_splink_from_db()
        while self._views:
            self._session.catalog.dropTempView(self._views.pop())

    def _dialect(self, sql: str) -> str:
        # Splink's Spark UDFs name Jaro-Winkler differently. Spark has no hamming(); the IDs it
        # is applied to are all 12 digits, and for strings of equal length levenshtein() is 1
        # exactly when hamming() is 1, and 2 with a Damerau-Levenshtein of 1 exactly when
        # hamming() is 2 with it (one swap of neighbours), so the levels stay the same.
        return sql.replace("jaro_winkler_similarity(", "jaro_winkler(").replace(
            "hamming(", "levenshtein("
        )


def spark_session(
    *, master: str = "local[2]", shuffle_partitions: int = 8, driver_memory: str = "4g"
) -> Any:
    """Return a local Spark session (or the one already running) able to run Splink.

    The driver's heap holds the cached intermediate tables of a local run (Spark's default of
    1 GB runs out at 20,000 records with the shipped settings' 2M-pair u sample).

    Raises JavaMissing when no Java runtime is found: `scripts/ensure-java.sh` installs one.
    """
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise JavaMissing(
            "the Spark backend needs a Java runtime (17 or later) and none was found on PATH "
            "or in JAVA_HOME: run scripts/ensure-java.sh (as make test does) or "
            "apt-get install openjdk-17-jre-headless"
        )
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master(master)
        .appName("ansinh-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.warehouse.dir", WAREHOUSE)  # only temporary views are made
        .config("spark.driver.memory", driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(shuffle_partitions))
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


class JavaMissing(RuntimeError):
    """The Spark backend was asked for on a machine without a Java runtime."""


def _shuffle_partitions(session: Any) -> int:
    return max(1, int(session.conf.get("spark.sql.shuffle.partitions")))


BACKENDS: dict[str, type[Backend]] = {"duckdb": DuckDBBackend, "spark": SparkBackend}


def get_backend(name: str) -> Backend:
    """Return a backend by name ('duckdb' or 'spark')."""
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return BACKENDS[name]()


def _empty_pairs() -> pa.Table:
    return pa.table(
        {
            "insured_record_id": pa.array([], pa.string()),
            "population_record_id": pa.array([], pa.string()),
            "match_probability": pa.array([], pa.float64()),
        }
    )
