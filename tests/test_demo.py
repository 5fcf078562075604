"""`ansinh demo` stops cleanly on SIGTERM (worker and sandboxes before its embedded PostgreSQL),
and one demo runs per data directory."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

STARTED = "ansinh on http://"


@pytest.fixture()
def data_home() -> Iterator[Path]:
    """A directory the embedded PostgreSQL's own user can reach (pytest's tmp_path is 0700)."""
    with tempfile.TemporaryDirectory(prefix="ansinh-demo-test-") as directory:
        os.chmod(directory, 0o755)
        yield Path(directory)


def _free_ports() -> int:
    """A port p with p + 1 to p + 6 free too (e-ID, register, bank, civil registry, centre,
    national portal), below the kernel's ephemeral range: there an outgoing connection of the
    demo itself could take one of them before its sandbox binds it."""
    low, _ = (int(n) for n in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    for _ in range(50):
        port = random.randrange(10_000, low - 7)
        if all(_free(port + i) for i in range(7)):
            return port
    raise RuntimeError("no free ports for the demo and its sandboxes")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _demo(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSINH_")}
    env |= {
        "ANSINH_DATA_DIR": str(data_dir),
        "ANSINH_PORT": str(port),
        "ANSINH_DEMO_PEOPLE": "200",
        "ANSINH_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-c", "from ansinh.cli import main; main()", "demo"]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _postgres_on(pgdata: Path) -> list[int]:
    """Pids of postgres processes serving `pgdata`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        # the postmaster may rewrite its argv into one space-separated title
        if b"postgres" in argv[0] and str(pgdata).encode() in b" ".join(argv):
            found.append(int(entry.name))
    return found


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text(errors="replace"):
        assert process.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.5)


def test_sigterm_stops_the_demo_its_threads_and_its_postgres_and_a_second_demo_is_refused(
    tmp_path: Path, data_home: Path
) -> None:
    data_dir, port = data_home / "data", _free_ports()
    first = _demo(data_dir, port, tmp_path / "first.log")
    try:
        _wait_for(tmp_path / "first.log", STARTED, first, seconds=240)
        pgdata = (data_dir / "pgdata").resolve()
        assert _postgres_on(pgdata)
        second = _demo(data_dir, port, tmp_path / "second.log")
        assert second.wait(timeout=60) != 0
        assert "already running" in (tmp_path / "second.log").read_text()
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    deadline = time.monotonic() + 30
    while _postgres_on(pgdata) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _postgres_on(pgdata) == []
    assert not (pgdata / "postmaster.pid").exists()
    log = (tmp_path / "first.log").read_text(errors="replace")
    # No thread of the demo (worker, sandboxes) may find the database gone while stopping.
    assert "Traceback" not in log and " ERROR " not in log, log[-4000:]
