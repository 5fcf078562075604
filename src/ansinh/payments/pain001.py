"""pain.001.001.09 for a run: the account payments, one PmtInf per purpose, streamed from SQL.

Every line is assembled by PostgreSQL and copied out as text, so a national payroll is written
without holding it in memory; names and numbers come from the bank (upper-case ASCII) and are
escaped anyway. VND has no minor unit: amounts are integers.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import BinaryIO
from xml.sax.saxutils import escape

from sqlalchemy import text
from sqlalchemy.orm import Session

from ansinh.core.config import get_settings
from ansinh.payments.models import END_TO_END_DIGITS, END_TO_END_PREFIX, Run

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CATEGORY = {"PENS": "PENS", "SSBE": "SSBE", "BENE": "SSBE"}


def _xml(column: str) -> str:
    return f"replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


LINE = f"""
    COPY (
        SELECT '<CdtTrfTxInf><PmtId><InstrId>' || payment_id || '</InstrId><EndToEndId>'
            || end_to_end_id || '</EndToEndId></PmtId><Amt><InstdAmt Ccy="VND">' || amount
            || '</InstdAmt></Amt><CdtrAgt><FinInstnId><ClrSysMmbId><MmbId>' || bank_bin
            || '</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt><Cdtr><Nm>' || {_xml("holder")}
            || '</Nm></Cdtr><CdtrAcct><Id><Othr><Id>' || account_number
            || '</Id></Othr></Id></CdtrAcct><Purp><Cd>' || purpose
            || '</Cd></Purp><RmtInf><Ustrd>BHXH ' || purpose || ' ' || to_char(month, 'YYYY-MM')
            || '</Ustrd></RmtInf></CdtTrfTxInf>'
        FROM payments
        WHERE run_id = {{run_id:d}} AND channel = 'account' AND purpose = '{{purpose}}'
        ORDER BY payment_id
    ) TO STDOUT
"""


def msg_id(run: Run) -> str:
    """The run's MsgId: the same for every resend, so the bank files it once."""
    return f"ANSINH-R{run.run_id:012d}"


_END_TO_END = re.compile(rf"{re.escape(END_TO_END_PREFIX)}(\d{{{END_TO_END_DIGITS}}})")


def payment_id_of(end_to_end_id: str) -> int | None:
    """The payment an EndToEndId names (None: not one of ours)."""
    found = _END_TO_END.fullmatch(end_to_end_id)
    return int(found.group(1)) if found else None


def _groups(db_session: Session, run_id: int) -> list[tuple[str, int, int]]:
    rows = db_session.execute(
        text(
            "SELECT purpose, count(*) AS n, sum(amount) AS total FROM payments "
            "WHERE run_id = :run_id AND channel = 'account' GROUP BY purpose ORDER BY purpose"
        ),
        {"run_id": run_id},
    ).all()
    return [(str(r.purpose), int(r.n), int(r.total)) for r in rows]


def write(*, db_session: Session, run: Run, out: BinaryIO, created: datetime) -> tuple[int, int]:
    """Write the run's account payments to `out` as pain.001.001.09; (count, control sum)."""
    settings = get_settings()
    groups = _groups(db_session, run.run_id)
    count, total = sum(g[1] for g in groups), sum(g[2] for g in groups)
    debtor = escape(settings.bank_debtor_name)
    out.write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NAMESPACE}">'
        f"<CstmrCdtTrfInitn><GrpHdr><MsgId>{msg_id(run)}</MsgId>"
        f"<CreDtTm>{created.strftime('%Y-%m-%dT%H:%M:%S')}</CreDtTm><NbOfTxs>{count}</NbOfTxs>"
        f"<CtrlSum>{total}</CtrlSum><InitgPty><Nm>{debtor}</Nm><Id><OrgId><Othr>"
        f"<Id>{escape(settings.bank_party_id)}</Id></Othr></OrgId></Id></InitgPty></GrpHdr>\n".encode()
    )
    cursor = db_session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    for purpose, n, subtotal in groups:
        out.write(
            f"<PmtInf><PmtInfId>{msg_id(run)}-{purpose}</PmtInfId><PmtMtd>TRF</PmtMtd>"
            f"<BtchBookg>false</BtchBookg><NbOfTxs>{n}</NbOfTxs><CtrlSum>{subtotal}</CtrlSum>"
            f"<PmtTpInf><CtgyPurp><Cd>{CATEGORY[purpose]}</Cd></CtgyPurp></PmtTpInf>"
            f"<ReqdExctnDt><Dt>{run.pay_date.isoformat()}</Dt></ReqdExctnDt>"
            f"<Dbtr><Nm>{debtor}</Nm></Dbtr><DbtrAcct><Id><Othr><Id>"
            f"{settings.bank_debtor_account}</Id></Othr></Id></DbtrAcct><DbtrAgt><FinInstnId>"
            f"<ClrSysMmbId><MmbId>{settings.bank_debtor_bin}</MmbId></ClrSysMmbId>"
            f"</FinInstnId></DbtrAgt>\n".encode()
        )
        with cursor.copy(LINE.format(run_id=run.run_id, purpose=purpose)) as copy:
            for chunk in copy:
                out.write(chunk)
        out.write(b"</PmtInf>\n")
    out.write(b"</CstmrCdtTrfInitn></Document>\n")
    return count, total
