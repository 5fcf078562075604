"""The portal's two small pages, Vietnamese first: file a dossier, follow a dossier."""

from __future__ import annotations

from html import escape
from typing import Any

SERVICES = {
    "1.014162": "Điều chỉnh thông tin đăng ký (địa chỉ liên hệ) / Change of contact address",
    "1.014185": "Xác nhận thời gian đóng BHXH / Confirmation of the contribution period",
}
STATUS_VI = {
    "submitted": "Đã tiếp nhận / Received",
    "in_review": "Đang xử lý / In review",
    "incomplete": "Chờ bổ sung hồ sơ / Waiting for documents",
    "proposed": "Chờ phê duyệt / Awaiting approval",
    "withdrawn": "Đã rút hồ sơ / Withdrawn",
    "decided": "Đã có kết quả / Decided",
}
OUTCOME_VI = {"approved": "Chấp thuận / Approved", "rejected": "Từ chối / Rejected"}
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:auto;padding:1rem}"
    "label,input,select,button{display:block;width:100%;margin:.3rem 0;font-size:1rem}"
    "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem}"
)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><header><strong>Cổng Dịch vụ công quốc gia</strong> "
        f'<span lang="en">(National Public Service Portal — sandbox)</span></header>'
        f"<main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )


def filing() -> str:
    """The form a citizen files a dossier with."""
    options = "".join(
        f'<option value="{code}">{escape(name)}</option>' for code, name in SERVICES.items()
    )
    fields = (
        ("si_number", "Mã số BHXH / SI number", 'inputmode="numeric" maxlength="10" required'),
        ("province_code", "Mã tỉnh (địa chỉ mới) / Province code", 'maxlength="2"'),
        ("commune_code", "Mã xã, phường / Commune code", 'maxlength="5"'),
        ("street", "Số nhà, đường / House number and street", 'maxlength="200"'),
    )
    inputs = "".join(
        f'<label for="{name}">{label}</label><input id="{name}" name="{name}" {extra}>'
        for name, label, extra in fields
    )
    return _page(
        "Nộp hồ sơ trực tuyến",
        '<form method="post" action="/dossiers">'
        '<label for="service_code">Thủ tục / Procedure</label>'
        f'<select id="service_code" name="service_code">{options}</select>{inputs}'
        '<button type="submit">Nộp hồ sơ / File</button></form>',
    )


def following(dossier: dict[str, Any], statuses: list[dict[str, Any]]) -> str:
    """A dossier's number, where it stands, and the link to its result."""
    rows = "".join(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            escape(f"{s['at']:%d/%m/%Y %H:%M}"),
            escape(STATUS_VI.get(s["status"], s["status"])),
            escape(OUTCOME_VI.get(s["outcome"] or "", "")),
            f'<a href="{escape(s["result_url"])}">Xem kết quả / Result</a>'
            if s["result_url"]
            else escape(s["note_vi"] or ""),
        )
        for s in statuses
    )
    error, reference = dossier["forward_error"], dossier["agency_reference"] or ""
    sent = (
        f"<p>Chưa chuyển được đến cơ quan / Not yet taken by the agency: {escape(error)}</p>"
        if error
        else f"<p>Mã hồ sơ tại cơ quan / Agency reference: {escape(reference)}</p>"
    )
    return _page(
        f"Hồ sơ {dossier['dossier_no']}",
        f'<p data-dossier="{escape(dossier["dossier_no"])}">Số hồ sơ / Dossier number: '
        f"<strong>{escape(dossier['dossier_no'])}</strong></p>{sent}"
        "<table><thead><tr><th>Thời gian / When</th><th>Trạng thái / Status</th>"
        f"<th>Kết quả / Outcome</th><th></th></tr></thead><tbody>{rows}</tbody></table>",
    )
