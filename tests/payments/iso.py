"""The bank's reports for tests: pain.002 statuses and camt.054 notices, as a bank writes them."""

from __future__ import annotations

PAIN_002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"
CAMT_054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"


def pain002(
    msg_id: str,
    original: str,
    lines: list[tuple[str, str, str | None]],
    group: str = "PART",
    group_reason: str | None = None,
) -> str:
    """A status report on the file `original`: (EndToEndId, status, reason) per line."""
    txs = "".join(
        f"<TxInfAndSts><OrgnlEndToEndId>{e2e}</OrgnlEndToEndId><TxSts>{status}</TxSts>"
        + (f"<StsRsnInf><Rsn><Cd>{reason}</Cd></Rsn></StsRsnInf>" if reason else "")
        + "</TxInfAndSts>"
        for e2e, status, reason in lines
    )
    group_reason_xml = (
        f"<StsRsnInf><Rsn><Cd>{group_reason}</Cd></Rsn></StsRsnInf>" if group_reason else ""
    )
    return (
        f'<Document xmlns="{PAIN_002}"><CstmrPmtStsRpt><GrpHdr><MsgId>{msg_id}</MsgId>'
        f"<CreDtTm>2026-10-01T09:00:00</CreDtTm></GrpHdr><OrgnlGrpInfAndSts>"
        f"<OrgnlMsgId>{original}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>"
        f"<GrpSts>{group}</GrpSts>{group_reason_xml}</OrgnlGrpInfAndSts>"
        f"<OrgnlPmtInfAndSts><OrgnlPmtInfId>x</OrgnlPmtInfId>{txs}</OrgnlPmtInfAndSts>"
        f"</CstmrPmtStsRpt></Document>"
    )


def camt054(msg_id: str, entries: list[tuple[str, int, str, str | None]]) -> str:
    """A notice: (EndToEndId, amount, DBIT|CRDT, return reason) per entry."""
    ntries = "".join(
        f'<Ntry><Amt Ccy="VND">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd><Sts><Cd>BOOK</Cd>'
        f"</Sts><NtryDtls><TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>"
        + (f"<RtrInf><Rsn><Cd>{reason}</Cd></Rsn></RtrInf>" if reason else "")
        + "</TxDtls></NtryDtls></Ntry>"
        for e2e, amount, side, reason in entries
    )
    return (
        f'<Document xmlns="{CAMT_054}"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>{msg_id}</MsgId>'
        f"<CreDtTm>2026-10-01T10:00:00</CreDtTm></GrpHdr><Ntfctn><Id>n</Id>{ntries}</Ntfctn>"
        f"</BkToCstmrDbtCdtNtfctn></Document>"
    )
