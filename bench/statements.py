"""Sum a PostgreSQL log's statement durations by statement, the costliest first.

    .venv/bin/python bench/statements.py PGDATA/log [--top 30]

Reads the lines `log_min_duration_statement = 0` writes (`bench/claims.py --log-statements`
turns it on for the timed part): each statement's parse, bind and execute phases are added up
under its text with literals and parameters blanked, so the same statement counts once.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

_DURATION = re.compile(
    r"LOG:\s+duration: ([\d.]+) ms\s+(?:(?:parse|bind|execute) [^:]*|statement): (.*)"
)
_PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
_LITERALS = re.compile(r"'(?:[^']|'')*'|\$\d+|\b\d+(?:\.\d+)?\b")


def statements(log: Path) -> dict[str, list[float]]:
    """Each normalised statement → [milliseconds, phases logged]."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    current: tuple[float, list[str]] | None = None

    def close() -> None:
        if current is not None:
            text = " ".join(" ".join(current[1]).split())
            entry = totals[_LITERALS.sub("?", text)[:110]]
            entry[0] += current[0]
            entry[1] += 1

    with log.open(errors="replace") as lines:
        for line in lines:
            if _PREFIX.match(line):
                close()
                found = _DURATION.search(line)
                current = (float(found[1]), [found[2]]) if found else None
            elif current is not None:
                current[1].append(line.strip())
    close()
    return totals


def main() -> None:
    """Print the statements by total time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    totals = statements(args.log)
    grand = sum(ms for ms, _ in totals.values())
    print(f"{grand / 1000:,.1f} s in {sum(n for _, n in totals.values()):,.0f} logged phases")
    for text, (ms, n) in sorted(totals.items(), key=lambda kv: -kv[1][0])[: args.top]:
        print(f"{ms / 1000:7.2f} s {n:7,.0f} {ms / n:6.2f} ms  {text}")


if __name__ == "__main__":
    main()
