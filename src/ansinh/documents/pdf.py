"""Draw a sheet as an A4 PDF in Vietnamese (English in small type) with the sealed QR.

The seal travels twice: in the QR (the verification URL) and in the file's metadata (`/Keywords`),
so an uploaded file can be checked without scanning it.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF
from fpdf.fonts import FontFace

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


def _table(pdf: FPDF, sheet: Sheet) -> None:
    if sheet.table is None:
        return
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 8.5)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 236, 242))
    with pdf.table(
        col_widths=tuple(sheet.table.widths),
        headings_style=heading,
        line_height=5,
        text_align="LEFT",
        repeat_headings=1,
    ) as table:
        row = table.row()
        for vi, en in sheet.table.headings:
            row.cell(f"{vi}\n{en}")
        for values in sheet.table.rows:
            row = table.row()
            for value in values:
                row.cell(value)


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
