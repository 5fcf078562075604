"""Declaration uploads stream from disk: memory does not grow with the file, and size is capped."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from ansinh.contributions.declarations import service
from ansinh.contributions.declarations.files import read_lines
from ansinh.contributions.exceptions import DeclarationRejected
from ansinh.core.config import get_settings
from ansinh.core.security.actor import Actor
from tests.contributions.conftest import API

HEADER = b"kind,unit_code,si_number,effective_date,salary\n"


def _upload(client: TestClient, headers: dict[str, str], content: bytes) -> Any:
    return client.post(
        f"{API}/declarations/files",
        files={"file": ("d02.csv", content, "text/csv")},
        data={"month": "2026-11"},
        headers=headers,
    )


def _peak_submission(db_session: Session, path: Path, line: bytes, lines: int) -> int:
    """Submit a file of `lines` copies of `line` from disk; return the peak Python allocation."""
    path.write_bytes(HEADER + line * lines)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        with path.open("rb") as file, pytest.raises(DeclarationRejected) as refused:
            service.submit(
                db_session=db_session,
                actor=Actor(kind="client", id="memory-test"),
                purpose="test",
                month=date(2026, 11, 1),
                allow_partial=False,
                source="csv",
                key=f"memory-{lines}",
                raw_lines=read_lines(file, "csv"),
            )
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    # Every line after the first repeats it: checked, staged and refused in the database.
    assert refused.value.extensions["errors_total"] == lines - 1
    assert len(refused.value.extensions["errors"]) == 1000
    return peak


def test_memory_does_not_grow_with_the_file(
    db_session: Session,
    worker: str,
    employer: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "CHUNK_LINES", 5_000, raising=False)
    line = f"salary_change,{employer},{worker},2026-11-01,12000000\n".encode()
    path = tmp_path / "d02.csv"
    _peak_submission(db_session, path, line, 2_000)  # first use: caches and imports
    small = _peak_submission(db_session, path, line, 20_000)
    large = _peak_submission(db_session, path, line, 200_000)
    # The file is read from disk a chunk at a time: ten times the lines, not ten times the
    # memory. Before streaming, a submission held about 1.1 kB per line (200 MB more for
    # 180,000 more lines); now both files peak at a few chunks of 5,000 lines.
    assert large < 2 * small, (small, large)


def test_a_file_over_the_maximum_is_refused_with_413(
    client: TestClient, headers: dict[str, str], employer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "upload_max_bytes", 2**20)
    just_over = _upload(client, headers, HEADER + b"x" * 2**20)
    assert just_over.status_code == 413
    assert just_over.headers["content-type"] == "application/problem+json"
    assert "larger than the maximum of 1 MiB" in just_over.json()["detail"]
    far_over = _upload(client, headers, HEADER + b"x" * 3 * 2**20)
    assert far_over.status_code == 413
    assert "larger than the maximum of 2 MiB" in far_over.json()["detail"]


def test_the_size_is_counted_as_the_body_streams_in(
    client: TestClient, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "upload_max_bytes", 2**20)

    def body() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="d02.csv"\r\n\r\n'
        for _ in range(64):
            yield b"x" * 2**16

    # No Content-Length: the body is sent chunked and counted as it arrives.
    response = client.post(
        f"{API}/declarations/files",
        content=body(),
        headers=headers | {"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "larger than the maximum" in response.json()["detail"]
