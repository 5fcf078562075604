"""Writing: determinism, Parquet and CSV round trips, and the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from ansinh.synth import FORMATS, GENERATOR_VERSION, Dataset, Format, generate, write
from ansinh.synth.dataset import TABLES


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_gives_byte_identical_files(tmp_path: Path, fmt: Format) -> None:
    write(generate(3_000, seed=5), tmp_path / "a", fmt)
    write(generate(3_000, seed=5), tmp_path / "b", fmt)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert set(first) == {"manifest.json", *(f"{table}.{fmt}" for table in TABLES)}


def test_another_seed_gives_other_data() -> None:
    one, two = generate(1_000, seed=1), generate(1_000, seed=2)
    assert not one.persons.equals(two.persons)


def test_parquet_reads_back_identical(national: Dataset, tmp_path: Path) -> None:
    write(national, tmp_path, "parquet")
    for name, table in national.tables().items():
        assert pq.read_table(tmp_path / f"{name}.parquet").equals(table)


def test_csv_reads_back_identical_with_the_table_types(national: Dataset, tmp_path: Path) -> None:
    write(national, tmp_path, "csv")
    for name, table in national.tables().items():
        # Only careers has a nullable text column (no employer in a voluntary period).
        nullable = name == "careers"
        options = pacsv.ConvertOptions(
            column_types=table.schema,
            strings_can_be_null=nullable,
            quoted_strings_can_be_null=False,
        )
        read = pacsv.read_csv(tmp_path / f"{name}.csv", convert_options=options)
        assert read.equals(table), name


def test_csv_writes_nulls_as_empty_fields_for_copy(national: Dataset, tmp_path: Path) -> None:
    write(national, tmp_path, "csv")
    lines = (tmp_path / "employments.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        '"employment_id","si_number","unit_code","start_date","end_date","contract_type"'
    )
    assert any(",," in line for line in lines[1:])


def test_manifest_is_deterministic_and_counts_rows(national: Dataset, tmp_path: Path) -> None:
    manifest = json.loads(write(national, tmp_path, "parquet").read_text(encoding="utf-8"))
    assert manifest == {
        "generator": "ansinh.synth",
        "generator_version": GENERATOR_VERSION,
        "seed": national.seed,
        "people": national.people,
        "province": None,
        "as_of": national.as_of.isoformat(),
        "format": "parquet",
        "files": {
            name: {"file": f"{name}.parquet", "rows": table.num_rows}
            for name, table in national.tables().items()
        },
    }


def test_unknown_formats_are_refused(national: Dataset, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        write(national, tmp_path, "xlsx")  # type: ignore[arg-type]


@pytest.mark.parametrize(("people", "province"), [(1, None), (3, "12"), (1, "79")])
def test_tiny_data_sets_with_few_or_no_jobs_still_write(
    tmp_path: Path, people: int, province: str | None
) -> None:
    dataset = generate(people, seed=0, province=province)
    for fmt in FORMATS:
        manifest = json.loads(write(dataset, tmp_path / fmt, fmt).read_text(encoding="utf-8"))
        assert manifest["files"]["persons"]["rows"] == people
