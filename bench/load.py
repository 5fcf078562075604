"""Closed-loop HTTP/1.1 load generator: the fallback of `bench/eligibility.py` when wrk is missing.

N keep-alive connections, each sending its next request as soon as the previous is answered, for
a fixed time; GET a path, or POST JSON bodies (one per line of a file, in turn) with a bearer key.
Requests are encoded once before the clock starts and answers are parsed only as far as their
status line and Content-Length, on raw asyncio streams (uvloop when installed), so the generator
spends a few tens of microseconds per request and stays well below the server it drives.
Prints one JSON line like `bench/wrk_report.lua`: requests, seconds, p50, p99 (ms), non2xx,
socket_errors. Run: `python bench/load.py URL [--bodies FILE --key KEY] -c 16 -d 5`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def encode(host: str, path: str, bodies: list[bytes], key: str) -> list[bytes]:
    """The requests to send in turn: one GET, or one POST per body."""
    if not bodies:
        return [f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()]
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {key}\r\n"
    )
    return [f"{head}Content-Length: {len(b)}\r\n\r\n".encode() + b for b in bodies]


async def connection(
    host: str,
    port: int,
    requests: list[bytes],
    offset: int,
    until: float,
    out: dict[str, list[Any]],
) -> None:
    """One closed loop: send, read the whole answer, note its latency, repeat until `until`."""
    reader, writer = await asyncio.open_connection(host, port)
    latencies, statuses = out["latencies"], out["statuses"]
    i = offset
    try:
        while True:
            started = time.perf_counter()
            if started >= until:
                break
            writer.write(requests[i % len(requests)])
            i += 1
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses.append(int(head[9:12]))
    except (OSError, asyncio.IncompleteReadError):
        out["errors"].append(1)
    finally:
        writer.close()


async def run(
    url: str, connections: int, seconds: float, bodies: list[bytes], key: str
) -> dict[str, Any]:
    """Drive `url` with `connections` closed loops for `seconds`; the wrk-style report."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = encode(f"{host}:{port}", parts.path or "/", bodies, key)
    out: dict[str, list[Any]] = {"latencies": [], "statuses": [], "errors": []}
    started = time.perf_counter()
    until = started + seconds
    step = max(1, len(requests) // connections)
    await asyncio.gather(
        *(connection(host, port, requests, n * step, until, out) for n in range(connections))
    )
    elapsed = time.perf_counter() - started
    latencies = sorted(out["latencies"])
    count = len(latencies)

    def percentile(p: float) -> float:
        return latencies[min(count - 1, int(count * p))] * 1000 if count else 0.0

    return {
        "requests": count,
        "seconds": elapsed,
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "non2xx": sum(1 for s in out["statuses"] if not 200 <= s < 300),
        "socket_errors": len(out["errors"]),
    }


def main() -> None:
    """Parse the arguments, run, print the report line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("-c", "--connections", type=int, default=4)
    parser.add_argument("-d", "--seconds", type=float, default=5)
    parser.add_argument("--bodies", type=Path, help="POST these JSON bodies, one per line")
    parser.add_argument("--key", default="", help="bearer key sent with the bodies")
    args = parser.parse_args()
    bodies = args.bodies.read_bytes().splitlines() if args.bodies else []
    runner: Callable[[Coroutine[Any, Any, dict[str, Any]]], dict[str, Any]] = asyncio.run
    try:
        import uvloop  # a faster event loop, when installed
    except ImportError:
        pass
    else:
        runner = uvloop.run
    report = runner(run(args.url, args.connections, args.seconds, bodies, args.key))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
