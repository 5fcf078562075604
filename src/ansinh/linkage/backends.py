"""Where Splink runs: DuckDB in process (default) or Spark for national scale (optional extra).

Both train the same model from the versioned settings and score the same candidate pairs; a
backend only supplies Splink's database API, table registration and the SQL dialect's names.
"""

from __future__ import annotations

import copy
import logging
from abc import ABC, abstractmethod
from typing import Any, ClassVar, final

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker

from ansinh.linkage.matcher_settings import MatcherSettings

POPULATION = "population"
INSURED = "insured"
PAIR_COLUMNS = ("insured_record_id", "population_record_id", "match_probability")

logging.getLogger("splink").setLevel(logging.ERROR)


class Backend(ABC):
    """Trains the Splink model and scores candidate pairs on one SQL engine."""

    name: ClassVar[str]

    @abstractmethod
    def _database(self) -> Any:
        """A fresh Splink database API."""

    @abstractmethod
    def _register(self, database: Any, table: pa.Table, name: str) -> Any:
        """Register an Arrow table with the database API; return the SplinkDataFrame."""

    def _dialect(self, sql: str) -> str:
        """Rewrite DuckDB function names of the settings file for this engine."""
        return sql

    @final
    def train(
        self, *, population: pa.Table, insured: pa.Table, settings: MatcherSettings
    ) -> dict[str, Any]:
        """Estimate u by random sampling and m by EM; return the trained Splink settings."""
        linker = self._linker(population, insured, self._splink_settings(settings.splink))
        training = settings.training
        linker.training.estimate_u_using_random_sampling(
            max_pairs=training.u_max_pairs, seed=training.u_seed
        )
        for rule in training.em_blocking_rules:
            linker.training.estimate_parameters_using_expectation_maximisation(
                self._dialect(rule), max_pairs=training.em_max_pairs
            )
        return dict(linker.misc.save_model_to_json())

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
        trained = copy.deepcopy(model) | {"probability_two_random_records_match": prior}
        linker = self._linker(population, insured, trained)
        scored = linker.inference.predict(threshold_match_probability=threshold)
        table: pa.Table = scored.as_pyarrow_table()  # type: ignore[no-untyped-call]
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

    def _linker(self, population: pa.Table, insured: pa.Table, splink: dict[str, Any]) -> Linker:
        database = self._database()
        frames = [
            self._register(database, population, POPULATION),
            self._register(database, insured, INSURED),
        ]
        return Linker(frames, splink, log_level=None)

    def _splink_settings(self, splink: dict[str, Any]) -> dict[str, Any]:
        settings = copy.deepcopy(splink)
        settings["blocking_rules_to_generate_predictions"] = [
            self._dialect(rule) for rule in settings["blocking_rules_to_generate_predictions"]
        ]
        for comparison in settings["comparisons"]:
            for level in comparison["comparison_levels"]:
                level["sql_condition"] = self._dialect(level["sql_condition"])
        return settings


class DuckDBBackend(Backend):
    """Splink on an in-process DuckDB database (the default)."""

    name = "duckdb"

    def _database(self) -> Any:
        from splink import DuckDBAPI

        return DuckDBAPI(":memory:")

    def _register(self, database: Any, table: pa.Table, name: str) -> Any:
        return database.register(table, dataset_display_name=name)


class SparkBackend(Backend):
    """Splink on Spark (needs the optional pyspark package and a Java runtime)."""

    name = "spark"

    def __init__(self, session: Any = None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError as error:
            raise ImportError(
                "the Spark backend needs pyspark and a Java runtime: pip install 'pyspark>=4'"
            ) from error
        self._session = session or SparkSession.builder.master("local[2]").getOrCreate()

    def _database(self) -> Any:
        from splink import SparkAPI

        return SparkAPI(spark_session=self._session)  # type: ignore[no-untyped-call]

    def _register(self, database: Any, table: pa.Table, name: str) -> Any:
        return database.register(self._session.createDataFrame(table), dataset_display_name=name)

    def _dialect(self, sql: str) -> str:
        # Splink's Spark UDFs name Jaro-Winkler differently; Spark has no hamming(), and for
        # the equal-length IDs it is applied to, levenshtein() gives the same small distances.
        return sql.replace("jaro_winkler_similarity(", "jaro_winkler(").replace(
            "hamming(", "levenshtein("
        )


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
