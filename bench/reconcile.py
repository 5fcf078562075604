"""Benchmark: our reconciliation pipeline against a generic Splink baseline, on the same data.

Generates a register of N people and M messy insured records with a known truth
(`ansinh.synth.messy`), writes them as the contract's Parquet files, then times, in one run:

- ours: `ansinh reconcile` in process (read files, normalise, exact pass, Splink, one-to-one,
  write matches.csv and summary.json);
- baseline: read the same files, Splink with default-style settings on the raw columns (no
  Vietnamese normalisation, no exact pass), the same one-to-one assignment, write matches.csv.

Prints precision, recall, F1 and wall time of both. Run:
`.venv/bin/python bench/reconcile.py --population 100000 --insured 90000`. At national sizes,
generate once and link in a second process, so the linkage's peak memory is its own:
`… --data /var/tmp/link10m --generate-only`, then `… --data /var/tmp/link10m --skip-baseline`.

`--extract N` instead seeds the population register sandbox with N people, serves it with
uvicorn in a child process and streams its Parquet bulk extract over HTTP, printing the
server's resident memory before and at its peak during the download.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import splink.comparison_library as cl
from pgserver.postgres_server import get_server
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from ansinh.linkage.assign import one_to_one
from ansinh.linkage.backends import get_backend
from ansinh.linkage.files import read_records, write_matches, write_summary
from ansinh.linkage.pipeline import reconcile
from ansinh.synth.messy import make_truth
from ansinh.synth.population import build_population
from sandbox.database import conninfo, embedded
from sandbox.population import store
from sandbox.population.seed import add_client, seed

BASELINE_THRESHOLD = 0.5
logging.getLogger("splink").setLevel(logging.ERROR)


def ours(population: Path, insured: Path, out: Path, backend: str) -> pa.Table:
    """Run the platform's pipeline as `ansinh reconcile` does; return its matches."""
    result = reconcile(
        population=read_records(population),
        insured=read_records(insured),
        backend=get_backend(backend),
    )
    write_matches(result.matches, out / "matches.csv")
    write_summary(result.summary, out / "summary.json")
    print(f"  ours: steps {result.summary['seconds']}, statuses {result.summary['statuses']}")
    return result.matches


def baseline(population: Path, insured: Path, out: Path, backend: str) -> pa.Table:
    """A generic Splink link-only model on the raw columns, as its tutorials set one up."""
    del backend  # the baseline always runs on DuckDB
    frames = [_raw(read_records(population)), _raw(read_records(insured))]
    database = DuckDBAPI()
    names = ("population", "insured")
    linker = Linker(
        [database.register(f, dataset_display_name=n) for f, n in zip(frames, names, strict=True)],
        SettingsCreator(
            link_type="link_only",
            unique_id_column_name="record_id",
            comparisons=[
                cl.LevenshteinAtThresholds("personal_id", [1, 2]),
                cl.JaroWinklerAtThresholds("full_name", [0.9, 0.7]),
                cl.DateOfBirthComparison(
                    "date_of_birth",
                    input_is_string=True,
                    datetime_metrics=["month", "year", "year"],
                    datetime_thresholds=[1, 1, 10],
                ),
                cl.ExactMatch("sex"),
                cl.ExactMatch("province"),
                cl.JaroWinklerAtThresholds("address", [0.9, 0.7]),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("personal_id"),
                block_on("full_name", "date_of_birth"),
                block_on("full_name", "province"),
                block_on("date_of_birth", "sex", "province"),
                block_on("address"),
            ],
            retain_matching_columns=False,
        ),
        log_level=None,
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("personal_id", "full_name")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("personal_id"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("full_name", "date_of_birth")
    )
    scored = linker.inference.predict(threshold_match_probability=BASELINE_THRESHOLD)
    table = scored.as_pyarrow_table()  # type: ignore[no-untyped-call]  # splink is untyped
    left_is_insured = pc.equal(table.column("source_dataset_l"), "insured")
    pairs = pa.table(
        {
            "insured_record_id": pc.if_else(
                left_is_insured, table.column("record_id_l"), table.column("record_id_r")
            ),
            "population_record_id": pc.if_else(
                left_is_insured, table.column("record_id_r"), table.column("record_id_l")
            ),
            "match_probability": table.column("match_probability"),
        }
    )
    matches = one_to_one(pairs)
    matches = matches.append_column("method", pa.array(["splink"] * matches.num_rows))
    write_matches(matches, out / "matches.csv")
    return matches


def _raw(records: pa.Table) -> pa.Table:
    """Generic cleaning only: empty strings become nulls."""
    return pa.table(
        {
            c: pc.if_else(pc.equal(records.column(c), ""), None, records.column(c))
            for c in records.column_names
        }
    )


def score(matches: pa.Table, links: pa.Table) -> dict[str, float]:
    """Precision, recall and F1 of the matched pairs against the true links."""
    truth = links.filter(pc.is_valid(links.column("population_record_id")))
    joined = matches.select(["insured_record_id", "population_record_id"]).join(
        truth, keys=["insured_record_id", "population_record_id"], join_type="inner"
    )
    correct = joined.num_rows
    precision = correct / max(matches.num_rows, 1)
    recall = correct / max(truth.num_rows, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": matches.num_rows}


def timed(
    label: str,
    run: Callable[[Path, Path, Path, str], pa.Table],
    files: tuple[Path, Path],
    out: Path,
    backend: str,
    links: pa.Table,
) -> dict[str, float]:
    """Run one matcher and score it."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    matches = run(*files, out, backend)
    seconds = time.perf_counter() - started
    result = score(matches, links) | {"seconds": seconds}
    print(
        f"{label:<9} precision {result['precision']:.5f}  recall {result['recall']:.5f}  "
        f"F1 {result['f1']:.5f}  pairs {int(result['pairs']):,}  wall {seconds:.1f} s"
    )
    return result


def extract_check(people: int) -> None:
    """Serve a register of `people` and stream its Parquet extract; print the server's memory."""
    with tempfile.TemporaryDirectory(prefix="ansinh-extract-") as tmp:
        server = get_server(str(Path(tmp) / "pgdata"), cleanup_mode="stop")
        try:
            url = embedded(Path(tmp), store.DATABASE)
            _serve_extract(people, url, Path(tmp) / "extract.parquet")
        finally:
            server.cleanup()


def _serve_extract(people: int, url: str, path: Path) -> None:
    register = store.Register(conninfo(url))
    register.create()
    with register.connect() as connection:
        started = time.perf_counter()
        seed(connection, build_population(people, seed=1, twins=0.01).records)
        key = add_client(connection, "bench", ["extract"])
    print(f"register: {people:,} citizens seeded in {time.perf_counter() - started:.1f} s")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", "sandbox.population.app:create_app"]
    process = subprocess.Popen(
        [*command, "--factory", "--port", str(port), "--log-level", "warning"],
        env=os.environ | {store.URL_ENV: url},
    )
    try:
        _stream(process.pid, f"http://127.0.0.1:{port}", key, path)
    finally:
        process.terminate()
        process.wait()


def _stream(pid: int, url: str, key: str, path: Path) -> None:
    with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=600) as http:
        for _ in range(100):
            try:
                http.get("/docs")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        before = _memory(pid)["VmRSS"]
        started = time.perf_counter()
        params = {"format": "parquet"}
        with http.stream("GET", "/v1/extract", params=params) as response, path.open("wb") as file:
            for chunk in response.iter_bytes():
                file.write(chunk)
        seconds = time.perf_counter() - started
    rows = pq.ParquetFile(path).metadata.num_rows
    peak = _memory(pid)["VmHWM"]
    print(
        f"extract: {rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB Parquet "
        f"in {seconds:.1f} s; server RSS {before / 1024:.0f} MiB before, peak {peak / 1024:.0f} MiB"
    )


def _memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in KiB."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    fields = (line.split(":") for line in lines if line.startswith(("VmRSS", "VmHWM")))
    return {name: int(value.split()[0]) for name, value in fields}


def _data(folder: Path, population: int, insured: int, seed: int) -> pa.Table:
    """Write the register, the insured records and the true links in `folder` unless there."""
    links = folder / f"links-{population}-{insured}-{seed}.parquet"
    if links.exists():
        print(f"data: {population:,} register × {insured:,} insured records, from {folder}")
        return pq.read_table(links)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    truth = make_truth(population=population, insured=insured, seed=seed)
    pq.write_table(truth.population, folder / "population.parquet")
    pq.write_table(truth.insured, folder / "insured.parquet")
    pq.write_table(truth.links, links)
    print(
        f"data: {population:,} register × {insured:,} insured records "
        f"(seed {seed}), generated in {time.perf_counter() - started:.1f} s"
    )
    return truth.links


def main() -> None:
    """Generate the data, run both matchers, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--population", type=int, default=100_000)
    parser.add_argument("--insured", type=int, default=90_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", default="duckdb")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--extract", type=int, metavar="N", help="only check the extract")
    parser.add_argument(
        "--data",
        type=Path,
        help="keep the generated files in this folder and reuse them (national sizes: generate "
        "with --generate-only, then link in a process that holds only the linkage)",
    )
    parser.add_argument("--generate-only", action="store_true", help="stop after the data")
    args = parser.parse_args()
    if args.extract:
        extract_check(args.extract)
        return

    with tempfile.TemporaryDirectory(prefix="ansinh-reconcile-") as tmp:
        folder = args.data or Path(tmp)
        files = (folder / "population.parquet", folder / "insured.parquet")
        links = _data(folder, args.population, args.insured, args.seed)
        if args.generate_only:
            return
        mine = timed("ours", ours, files, folder / "ours", args.backend, links)
        if not args.skip_baseline:
            base = timed("baseline", baseline, files, folder / "base", args.backend, links)
            print(
                f"ours/baseline wall time: {mine['seconds'] / base['seconds']:.2f}; "
                f"F1 gain {mine['f1'] - base['f1']:+.5f}"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the benchmark process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
