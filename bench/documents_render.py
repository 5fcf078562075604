"""Benchmark: render a confirmation of contribution record with 30 periods as a sealed PDF.

No database: a synthetic holder and book, the real renderer and a real seal. Prints the first
render and the median and worst of the warm ones; run `.venv/bin/python bench/documents_render.py`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from types import SimpleNamespace
from typing import Any

from ansinh.contributions.book.service import BookPeriod, SiBook
from ansinh.core import clock
from ansinh.documents import pdf, seal, sheets


def _sheet(periods: int) -> Any:
    holder = SimpleNamespace(
        full_name="Nguyễn Thị Hồng Nhung",
        date_of_birth=date(1970, 3, 4),
        sex="F",
        si_number="7912345678",
        personal_id="079170012345",
    )
    book = SiBook(
        si_number=holder.si_number,
        full_name=holder.full_name,
        date_of_birth=holder.date_of_birth,
        sex="F",
        on=date(2026, 12, 5),
        periods=[
            BookPeriod(
                unit_code=f"TA{i:04d}",
                employer=f"Công ty TNHH Thương mại Dịch vụ Đồng Tâm số {i}",
                start=date(1995 + i % 31, 1, 1),
                end=date(1995 + i % 31, 12, 1),
                salary=5_000_000 + 250_000 * i,
            )
            for i in range(periods)
        ],
        total_months=12 * periods,
        owed_months=0,
        source="contributions",
    )
    return sheets.si_confirmation(holder, book)  # type: ignore[arg-type]  # a stand-in Person


def main() -> None:
    """Render `--runs` times and print the timings in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--periods", type=int, default=30)
    parser.add_argument("--runs", type=int, default=12)
    args = parser.parse_args()
    sheet, issued_at = _sheet(args.periods), clock.now()
    token = seal.make(
        document_id="VB-BENCH2345678",
        kind="si-confirmation",
        content_sha256=sheet.sha256(),
        issued_at=issued_at,
    )
    timings, size = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        body = pdf.render(
            sheet,
            document_id="VB-BENCH2345678",
            issued_at=issued_at,
            seal=token,
            url=seal.verification_url(token),
            verify_page=seal.verify_page(),
        )
        timings.append((time.perf_counter() - started) * 1000)
        size = len(body)
    warm = timings[1:]
    print(  # noqa: T201
        f"{args.periods} periods, {size:,} bytes: first {timings[0]:.0f} ms, "
        f"warm median {statistics.median(warm):.0f} ms, worst {max(warm):.0f} ms"
    )


if __name__ == "__main__":
    main()
