"""The virus-scan hook for attachments: a pluggable scanner, by default one that finds EICAR.

A deployment plugs its antivirus in with `use(scanner)` (clamd over its socket, for instance);
the default only recognises the EICAR test file, so the refusal path is exercised everywhere.
"""

from __future__ import annotations

from typing import Protocol

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class Scanner(Protocol):
    """Name the threat found in `data`, or None when it is clean."""

    def __call__(self, data: bytes) -> str | None: ...


def eicar(data: bytes) -> str | None:
    """The default scanner: the EICAR test signature anywhere in the file."""
    return "EICAR-Test-File" if EICAR in data else None


_scanner: list[Scanner] = [eicar]


def use(scanner: Scanner) -> None:
    """Plug in another scanner (at start-up)."""
    _scanner[0] = scanner


def scan(data: bytes) -> str | None:
    """The threat the plugged-in scanner finds in `data`, or None."""
    return _scanner[0](data)
