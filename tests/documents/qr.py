"""Read back the QR a PDF page draws (one filled rectangle per run of dark modules)."""

from __future__ import annotations

import re

import segno
from pypdf import PdfReader

from ansinh.documents.pdf import QR_SIZE

RECT = re.compile(rb"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f")
POINTS_PER_MM = 72 / 25.4


def _normalised(cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
    top, left = min(r for r, _ in cells), min(c for _, c in cells)
    return {(r - top, c - left) for r, c in cells}


def dark_modules(url: str) -> set[tuple[int, int]]:
    """The dark modules of the QR code of `url`, as the renderer makes it."""
    matrix = list(segno.make(url, error="m").matrix_iter(scale=1, border=0))
    return _normalised({(r, c) for r, row in enumerate(matrix) for c, v in enumerate(row) if v})


def drawn_modules(reader: PdfReader, url: str) -> set[tuple[int, int]]:
    """The dark modules the document's last page draws at the QR's module size."""
    side = len(list(segno.make(url, error="m").matrix_iter(scale=1, border=4)))
    module = QR_SIZE / side * POINTS_PER_MM
    data = reader.pages[-1].get_contents().get_data()  # type: ignore[union-attr]
    rects = [tuple(map(float, m)) for m in RECT.findall(data)]
    rects = [r for r in rects if abs(abs(r[3]) - module) < 0.02]
    top, left = max(r[1] for r in rects), min(r[0] for r in rects)
    cells: set[tuple[int, int]] = set()
    for x, y, w, _ in rects:
        start = round((x - left) / module)
        cells.update((round((top - y) / module), start + i) for i in range(round(w / module)))
    return _normalised(cells)
