"""Draw a sheet as an A4 PDF in Vietnamese (English in small type) with the sealed QR.

The seal travels twice: in the QR (the verification URL) and in the file's metadata (`/Keywords`),
so an uploaded file can be checked without scanning it.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF

from ansinh.documents.sheet import Fact, Sheet

FONTS = Path(__file__).parent / "fonts"
FAMILY = "NotoSans"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
GREY = (90, 90, 90)
QR_SIZE = 38.0  # mm
ISSUER = "ansinh — Hệ thống an sinh xã hội"


@cache
def _font_files() -> dict[str, Path]:
    return {"": FONTS / "NotoSans-Regular.ttf", "B": FONTS / "NotoSans-Bold.ttf"}


def _new(seal: str, sheet: Sheet, issued_at: datetime) -> FPDF:
    pdf = FPDF(format="A4")
    for style, path in _font_files().items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_lang("vi")
    pdf.set_title(sheet.title)
    pdf.set_author(ISSUER)
    pdf.set_creator("ansinh")
    pdf.set_keywords(seal)
    pdf.set_creation_date(issued_at)
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, sheet: Sheet, document_id: str) -> None:
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 5, ISSUER, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 4, f"Số văn bản / Document no.: {document_id}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(0, 8, sheet.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 5, sheet.title_en, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(5)


def _facts(pdf: FPDF, facts: list[Fact]) -> None:
    for fact in facts:
        pdf.set_font(FAMILY, "", 10)
        pdf.cell(62, 6, fact.vi)
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(0, 6, fact.value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 7)
        pdf.set_text_color(*GREY)
        pdf.cell(0, 3, fact.en, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        pdf.ln(1)


def _lines(pdf: FPDF, widths: list[int], texts: list[str], line: float) -> list[int]:
    """How many lines each cell takes in the current font (most take one: no layout needed)."""
    padding = 2 * pdf.c_margin
    return [
        len(cast(list[str], pdf.multi_cell(w, line, t, align="L", dry_run=True, output="LINES")))
        if "\n" in t or pdf.get_string_width(t) > w - padding
        else 1
        for w, t in zip(widths, texts, strict=True)
    ]


def _row(pdf: FPDF, widths: list[int], texts: list[str], lines: list[int], line: float) -> None:
    """Draw one row of cells `max(lines)` lines high, framed."""
    x, y, height = pdf.l_margin, pdf.get_y(), max(lines) * line
    for width, text, count in zip(widths, texts, lines, strict=True):
        pdf.rect(x, y, width, height, "DF" if pdf.font_style == "B" else "D")
        pdf.set_xy(x, y)
        if count == 1:
            pdf.cell(width, line, text)
        else:
            pdf.multi_cell(width, line, text, align="L")
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _table(pdf: FPDF, sheet: Sheet) -> None:
    """The table, its headings again at the top of each page it runs onto.

    Drawn by hand: fpdf2's own tables lay every cell out twice, which doubled the render time.
    """
    if sheet.table is None:
        return
    widths, line = sheet.table.widths, 4.6
    headings = [f"{vi}\n{en}" for vi, en in sheet.table.headings]
    pdf.set_fill_color(230, 236, 242)
    pdf.set_draw_color(120)
    pdf.set_font(FAMILY, "B", 8.5)
    heading_lines = _lines(pdf, widths, headings, line)

    def heading() -> None:
        pdf.set_font(FAMILY, "B", 8.5)
        _row(pdf, widths, headings, heading_lines, line)
        pdf.set_font(FAMILY, "", 8.5)

    pdf.ln(3)
    heading()
    for values in sheet.table.rows:
        lines = _lines(pdf, widths, values, line)
        if pdf.get_y() + max(lines) * line > pdf.page_break_trigger:
            pdf.add_page()
            heading()
        _row(pdf, widths, values, lines, line)


def _qr(pdf: FPDF, url: str) -> None:
    """Draw the QR as vector squares (one rectangle per run of dark modules in a row)."""
    code = segno.make(url, error="m")
    matrix = [list(row) for row in code.matrix_iter(scale=1, border=4)]
    module = QR_SIZE / len(matrix)
    if pdf.get_y() + QR_SIZE + 22 > pdf.h - pdf.b_margin:
        pdf.add_page()
    left, top = pdf.w - pdf.r_margin - QR_SIZE, pdf.get_y() + 4
    pdf.set_fill_color(0)
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                run = x
                while run < len(row) and row[run]:
                    run += 1
                pdf.rect(left + x * module, top + y * module, (run - x) * module, module, "F")
                x = run
            else:
                x += 1
    pdf.set_xy(pdf.l_margin, top + 2)


def _footer(pdf: FPDF, sheet: Sheet, issued_at: datetime, verify_page: str) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin - QR_SIZE - 6
    day = issued_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(width, 5.5, f"Cấp ngày {day}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8.5)
    lines = [
        sheet.note,
        "Văn bản điện tử được niêm phong bằng chữ ký số của hệ thống. Quét mã QR hoặc tải tệp "
        f"lên {verify_page} để kiểm tra văn bản là thật và còn hiệu lực.",
    ]
    pdf.multi_cell(width, 4.5, "\n".join(line for line in lines if line), new_x="LMARGIN")
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        3.5,
        f"Issued {day}. Electronic document sealed with the platform's digital signature; scan "
        f"the QR code or upload this file at {verify_page} to check that it is genuine and "
        "current.",
        new_x="LMARGIN",
    )
    pdf.set_text_color(0)


def render(
    sheet: Sheet,
    *,
    document_id: str,
    issued_at: datetime,
    seal: str,
    url: str,
    verify_page: str,
) -> bytes:
    """The PDF of `sheet`, sealed with `seal`, whose QR opens `url`."""
    pdf = _new(seal, sheet, issued_at)
    _heading(pdf, sheet, document_id)
    _facts(pdf, sheet.facts)
    _table(pdf, sheet)
    if sheet.totals:
        pdf.ln(3)
        _facts(pdf, sheet.totals)
    _qr(pdf, url)
    _footer(pdf, sheet, issued_at, verify_page)
    return bytes(pdf.output())
