"""ISO 20022 for the bank: read pain.001.001.09, write pain.002, camt.054 and camt.053.

Incoming files are checked against the official pain.001.001.09 schema of the `sepaxml` wheel;
outgoing messages are built to the official schemas vendored in `xsd/` (see `xsd/SOURCE.md`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from typing import Any

from lxml import etree
from lxml.builder import ElementMaker

PAIN001 = "pain.001.001.09"
PAIN002 = "pain.002.001.12"
CAMT054 = "camt.054.001.08"
CAMT053 = "camt.053.001.08"
_NS = "urn:iso:std:iso:20022:tech:xsd:"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class Unreadable(ValueError):
    """The file is not a pain.001.001.09 document that passes its schema (reason FF01)."""

    def __init__(self, reason: str, msg_id: str | None = None) -> None:
        super().__init__(reason)
        self.msg_id = msg_id


@dataclass(frozen=True)
class Line:
    """One credit transfer of a payment file."""

    pmt_inf_id: str
    instr_id: str | None
    end_to_end_id: str
    amount: Decimal
    bin: str | None
    account: str
    name: str


Block = tuple[int | None, int, Decimal | None, Decimal]
"""A PmtInf block's stated and actual number of transactions, stated and actual sum."""


@dataclass(frozen=True)
class PaymentFile:
    """What the bank reads of a pain.001: group header, payer and lines."""

    msg_id: str
    created: datetime
    number: int
    control_sum: Decimal | None
    party: str | None
    execution: date
    debtor_bin: str | None
    debtor_account: str
    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]


@cache
def schema(message: str) -> etree.XMLSchema:
    """The official XML schema of `message` (pain.001 from sepaxml, the rest vendored)."""
    if message == PAIN001:
        path = files("sepaxml").joinpath("schemas", f"{message}.xsd")
    else:
        path = files("sandbox.bank").joinpath("xsd", f"{message}.xsd")
    return etree.XMLSchema(etree.fromstring(path.read_bytes(), _PARSER))


def read_payment_file(data: bytes) -> PaymentFile:
    """Parse and schema-check a pain.001.001.09; raise Unreadable (FF01) if it fails."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"not well-formed XML: {exc.msg}") from None
    msg_id = _text(root, f"{{{_NS}{PAIN001}}}CstmrCdtTrfInitn/{{{_NS}{PAIN001}}}GrpHdr", "MsgId")
    validator = schema(PAIN001)
    if not validator.validate(root):
        first = validator.error_log.filter_from_errors()[0]
        raise Unreadable(f"line {first.line}: {first.message}", msg_id)
    return _payment_file(root)


def _payment_file(root: Any) -> PaymentFile:
    ns = {"p": _NS + PAIN001}
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", ns)
    lines: list[Line] = []
    blocks: list[Block] = []
    first_block = root.find("p:CstmrCdtTrfInitn/p:PmtInf", ns)
    for block in root.iterfind("p:CstmrCdtTrfInitn/p:PmtInf", ns):
        pmt_inf_id = block.findtext("p:PmtInfId", namespaces=ns)
        here = [
            Line(
                pmt_inf_id=pmt_inf_id,
                instr_id=tx.findtext("p:PmtId/p:InstrId", namespaces=ns),
                end_to_end_id=tx.findtext("p:PmtId/p:EndToEndId", namespaces=ns),
                amount=Decimal(tx.findtext("p:Amt/p:InstdAmt", namespaces=ns)),
                bin=tx.findtext("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", namespaces=ns),
                account=tx.findtext("p:CdtrAcct/p:Id/p:Othr/p:Id", namespaces=ns) or "",
                name=tx.findtext("p:Cdtr/p:Nm", namespaces=ns) or "",
            )
            for tx in block.iterfind("p:CdtTrfTxInf", ns)
        ]
        stated = block.findtext("p:NbOfTxs", namespaces=ns)
        blocks.append(
            (
                int(stated) if stated is not None else None,
                len(here),
                _decimal(block.findtext("p:CtrlSum", namespaces=ns)),
                sum((line.amount for line in here), Decimal(0)),
            )
        )
        lines.extend(here)
    executed = first_block.findtext("p:ReqdExctnDt/p:Dt", namespaces=ns) or first_block.findtext(
        "p:ReqdExctnDt/p:DtTm", namespaces=ns
    )
    return PaymentFile(
        msg_id=header.findtext("p:MsgId", namespaces=ns),
        created=datetime.fromisoformat(header.findtext("p:CreDtTm", namespaces=ns)),
        number=int(header.findtext("p:NbOfTxs", namespaces=ns)),
        control_sum=_decimal(header.findtext("p:CtrlSum", namespaces=ns)),
        party=header.findtext("p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id", namespaces=ns),
        execution=date.fromisoformat(executed[:10]),
        debtor_bin=first_block.findtext(
            "p:DbtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", namespaces=ns
        ),
        debtor_account=first_block.findtext("p:DbtrAcct/p:Id/p:Othr/p:Id", namespaces=ns) or "",
        lines=tuple(lines),
        blocks=tuple(blocks),
    )


def _text(root: Any, path: str, leaf: str) -> str | None:
    node = root.find(path)
    if node is None:
        return None
    text = node.findtext(f"{{{_NS}{PAIN001}}}{leaf}")
    return text[:35] if text else None


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class TxStatus:
    """The status of one transaction in a pain.002."""

    pmt_inf_id: str
    instr_id: str | None
    end_to_end_id: str
    status: str
    reason: str | None


def pain002(
    *,
    msg_id: str,
    created: datetime,
    original_msg_id: str,
    group_status: str,
    group_reason: str | None,
    transactions: Sequence[TxStatus],
) -> bytes:
    """A customer payment status report for a whole file (group and per-transaction status)."""
    E = _maker(PAIN002)
    group = E.OrgnlGrpInfAndSts(
        E.OrgnlMsgId(original_msg_id), E.OrgnlMsgNmId(PAIN001), E.GrpSts(group_status)
    )
    if group_reason:
        group.append(_reason(E, group_reason))
    blocks: dict[str, Any] = {}
    for tx in transactions:
        if tx.pmt_inf_id not in blocks:
            blocks[tx.pmt_inf_id] = E.OrgnlPmtInfAndSts(E.OrgnlPmtInfId(tx.pmt_inf_id))
        item = E.TxInfAndSts()
        if tx.instr_id:
            item.append(E.OrgnlInstrId(tx.instr_id))
        item.extend([E.OrgnlEndToEndId(tx.end_to_end_id), E.TxSts(tx.status)])
        if tx.reason:
            item.append(_reason(E, tx.reason))
        blocks[tx.pmt_inf_id].append(item)
    document = E.Document(
        E.CstmrPmtStsRpt(
            E.GrpHdr(E.MsgId(msg_id), E.CreDtTm(_stamp(created))), group, *blocks.values()
        )
    )
    return _finish(document, PAIN002)


@dataclass(frozen=True)
class Booking:
    """One booked entry on the payer's account: a payment (debit) or a return (credit)."""

    entry_id: int
    amount: int
    credit: bool
    booked: datetime
    end_to_end_id: str
    pmt_inf_id: str | None
    instr_id: str | None
    creditor: str
    return_reason: str | None = None


@dataclass(frozen=True)
class Account:
    """The account a camt message reports on."""

    bin: str
    number: str
    owner: str


def camt054(
    *, msg_id: str, created: datetime, account: Account, bookings: Iterable[Booking]
) -> bytes:
    """A debit/credit notification with one entry per booking (EndToEndId in TxDtls/Refs)."""
    E = _maker(CAMT054)
    notice = E.Ntfctn(E.Id(msg_id), E.CreDtTm(_stamp(created)), _account(E, account))
    notice.extend(_entry(E, booking) for booking in bookings)
    document = E.Document(
        E.BkToCstmrDbtCdtNtfctn(E.GrpHdr(E.MsgId(msg_id), E.CreDtTm(_stamp(created))), notice)
    )
    return _finish(document, CAMT054)


def camt053(
    *,
    msg_id: str,
    created: datetime,
    account: Account,
    day: date,
    opening: int,
    closing: int,
    bookings: Iterable[Booking],
) -> bytes:
    """An end-of-day statement: opening and closing booked balances and the day's entries."""
    E = _maker(CAMT053)
    statement = E.Stmt(
        E.Id(msg_id),
        E.CreDtTm(_stamp(created)),
        E.FrToDt(E.FrDtTm(f"{day}T00:00:00+07:00"), E.ToDtTm(f"{day}T23:59:59+07:00")),
        _account(E, account),
        _balance(E, "OPBD", opening, day),
        _balance(E, "CLBD", closing, day),
    )
    statement.extend(_entry(E, booking) for booking in bookings)
    document = E.Document(
        E.BkToCstmrStmt(E.GrpHdr(E.MsgId(msg_id), E.CreDtTm(_stamp(created))), statement)
    )
    return _finish(document, CAMT053)


def _maker(message: str) -> ElementMaker:
    return ElementMaker(namespace=_NS + message, nsmap={None: _NS + message})


def _reason(E: ElementMaker, code: str) -> Any:
    return E.StsRsnInf(E.Rsn(E.Cd(code)))


def _account(E: ElementMaker, account: Account) -> Any:
    return E.Acct(
        E.Id(E.Othr(E.Id(account.number))),
        E.Ccy("VND"),
        E.Ownr(E.Nm(account.owner)),
        E.Svcr(E.FinInstnId(E.ClrSysMmbId(E.MmbId(account.bin)))),
    )


def _balance(E: ElementMaker, kind: str, amount: int, day: date) -> Any:
    return E.Bal(
        E.Tp(E.CdOrPrtry(E.Cd(kind))),
        E.Amt(str(abs(amount)), Ccy="VND"),
        E.CdtDbtInd("CRDT" if amount >= 0 else "DBIT"),
        E.Dt(E.Dt(day.isoformat())),
    )


def _entry(E: ElementMaker, booking: Booking) -> Any:
    direction = "CRDT" if booking.credit else "DBIT"
    code = E.BkTxCd(
        E.Domn(
            E.Cd("PMNT"),
            E.Fmly(E.Cd("ICDT"), E.SubFmlyCd("RRTN" if booking.return_reason else "DMCT")),
        )
    )
    refs = E.Refs(E.AcctSvcrRef(str(booking.entry_id)))
    if booking.pmt_inf_id:
        refs.append(E.PmtInfId(booking.pmt_inf_id))
    if booking.instr_id:
        refs.append(E.InstrId(booking.instr_id))
    refs.append(E.EndToEndId(booking.end_to_end_id))
    details = E.TxDtls(
        refs,
        E.Amt(str(booking.amount), Ccy="VND"),
        E.CdtDbtInd(direction),
        E.RltdPties(E.Cdtr(E.Pty(E.Nm(booking.creditor[:140])))),
    )
    if booking.return_reason:
        details.append(E.RtrInf(E.Rsn(E.Cd(booking.return_reason))))
    booked = _stamp(booking.booked)
    return E.Ntry(
        E.NtryRef(str(booking.entry_id)),
        E.Amt(str(booking.amount), Ccy="VND"),
        E.CdtDbtInd(direction),
        E.Sts(E.Cd("BOOK")),
        E.BookgDt(E.DtTm(booked)),
        E.ValDt(E.Dt(booking.booked.date().isoformat())),
        E.AcctSvcrRef(str(booking.entry_id)),
        code,
        E.NtryDtls(details),
    )


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _finish(document: Any, message: str) -> bytes:
    schema(message).assertValid(document)
    data: bytes = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    return data
