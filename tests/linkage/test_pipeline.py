"""The reconciliation pipeline on messy records with a known truth, on DuckDB and on Spark."""

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from ansinh.linkage.exact import exact_pass
from ansinh.linkage.normalise import INPUT_COLUMNS, normalise
from ansinh.linkage.pipeline import Reconciliation
from ansinh.synth.messy import Truth


@pytest.fixture()
def result(backend_name: str, reconciled: Callable[[str], Reconciliation]) -> Reconciliation:
    return reconciled(backend_name)


def test_matches_are_precise_and_complete(truth: Truth, result: Reconciliation) -> None:
    found = result.matches.select(["insured_record_id", "population_record_id"])
    right = found.join(truth.links, ["insured_record_id", "population_record_id"]).num_rows
    true_links = truth.links.num_rows - truth.links.column("population_record_id").null_count
    precision, recall = right / found.num_rows, right / true_links
    assert precision >= 0.998
    assert recall >= 0.99


def test_every_insured_record_gets_one_status(truth: Truth, result: Reconciliation) -> None:
    assert result.statuses.num_rows == truth.insured.num_rows
    statuses = result.summary["statuses"]
    assert set(statuses) == {"verified", "needs_review", "not_found"}
    assert sum(statuses.values()) == truth.insured.num_rows
    assert statuses["not_found"] >= 15  # the outsiders at least
    assert set(result.matches.column("method").to_pylist()) == {"exact", "probabilistic"}
    assert len(pc.unique(result.matches.column("population_record_id"))) == result.matches.num_rows


def test_summary_states_the_settings_and_timings(result: Reconciliation, backend_name: str) -> None:
    assert result.summary["settings_version"] == "1"
    assert result.summary["backend"] == backend_name
    assert set(result.summary["seconds"]) >= {"normalise", "exact pass", "train", "total"}


def _records(*rows: dict[str, str]) -> pa.Table:
    return pa.table({c: pa.array([r.get(c) for r in rows], pa.string()) for c in INPUT_COLUMNS})


def test_exact_pass_refuses_an_id_whose_holder_differs() -> None:
    register = _records(
        {
            "record_id": "R1",
            "personal_id": "001090000001",
            "full_name": "Trần Văn Bình",
            "date_of_birth": "1990-03-04",
            "sex": "M",
        }
    )
    relative = {"record_id": "I1", "personal_id": "001090000001", "full_name": "Trần Thị Mai"}
    same = {
        "record_id": "I2",
        "personal_id": "001090000001",
        "full_name": "TRAN VAN BINH",
        "date_of_birth": "1990",
    }
    pairs = exact_pass(insured=normalise(_records(relative, same)), population=normalise(register))
    assert pairs.column("insured_record_id").to_pylist() == ["I2"]
