"""Read the bank's ISO 20022 reports: pain.002 statuses, camt.054 notices, camt.053 statements.

The official schemas of these messages were not found to vendor; the parser checks structure
(root element, message id) and refuses what it cannot read, rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

Outcome = Literal["accepted", "booked", "rejected", "returned", "paid_cash", "unpaid_cash"]
ROOTS = {
    "CstmrPmtStsRpt": "pain.002",
    "BkToCstmrDbtCdtNtfctn": "camt.054",
    "BkToCstmrStmt": "camt.053",
}
TX_STATUS: dict[str, Outcome] = {
    "ACTC": "accepted",
    "ACCP": "accepted",
    "ACSP": "accepted",
    "ACSC": "booked",
    "ACCC": "booked",
    "RJCT": "rejected",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)


class UnreadableReport(ValueError):
    """The message is not a pain.002, camt.054 or camt.053 this parser can read."""


@dataclass(frozen=True)
class Line:
    """What the bank says of one payment (by EndToEndId)."""

    end_to_end_id: str
    outcome: Outcome
    reason: str | None = None


@dataclass(frozen=True)
class Report:
    """A parsed report: its kind and id, the file it answers, a group status, per-payment lines."""

    kind: str
    msg_id: str
    original_msg_id: str | None = None
    group_outcome: Outcome | None = None
    group_reason: str | None = None
    lines: list[Line] = field(default_factory=list)


def _all(node: etree._Element, path: str) -> list[etree._Element]:
    steps = "/".join(f"*[local-name()='{step}']" for step in path.split("/"))
    return list(node.xpath(f".//{steps}"))


def _text(node: etree._Element, path: str) -> str | None:
    found = _all(node, path)
    return found[0].text.strip() if found and found[0].text else None


def parse(xml: str | bytes) -> Report:
    """Parse a report, or UnreadableReport naming what is wrong."""
    try:
        root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableReport(f"not XML: {exc}") from exc
    body = root[0] if len(root) else root
    kind = ROOTS.get(etree.QName(body).localname)
    msg_id = _text(body, "GrpHdr/MsgId")
    if kind is None or msg_id is None:
        raise UnreadableReport("not a pain.002, camt.054 or camt.053 with a GrpHdr/MsgId")
    if kind == "pain.002":
        return _status_report(body, msg_id)
    return Report(kind=kind, msg_id=msg_id, lines=_entries(body))


def _status_report(body: etree._Element, msg_id: str) -> Report:
    group = _all(body, "OrgnlGrpInfAndSts")
    lines = []
    for tx in _all(body, "TxInfAndSts"):
        e2e, status = _text(tx, "OrgnlEndToEndId"), _text(tx, "TxSts")
        if e2e and status in TX_STATUS:
            lines.append(Line(e2e, TX_STATUS[status], _text(tx, "StsRsnInf/Rsn/Cd")))
    group_status = _text(group[0], "GrpSts") if group else None
    return Report(
        kind="pain.002",
        msg_id=msg_id,
        original_msg_id=_text(group[0], "OrgnlMsgId") if group else None,
        group_outcome=TX_STATUS.get(group_status or ""),
        group_reason=_text(group[0], "StsRsnInf/Rsn/Cd") if group else None,
        lines=lines,
    )


def _entries(body: etree._Element) -> list[Line]:
    lines = []
    for entry in _all(body, "Ntry"):
        if _text(entry, "RvslInd") == "true":
            continue
        credit = _text(entry, "CdtDbtInd") == "CRDT"
        for tx in _all(entry, "TxDtls"):
            e2e = _text(tx, "Refs/EndToEndId")
            if not e2e or e2e == "NOTPROVIDED":
                continue
            if credit:
                lines.append(Line(e2e, "returned", _text(tx, "RtrInf/Rsn/Cd") or "NARR"))
            else:
                lines.append(Line(e2e, "booked"))
    return lines
