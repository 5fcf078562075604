"""Build pain.001.001.09 files for the bank's tests, and read the bank's answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from lxml import etree
from lxml.builder import ElementMaker

from ansinh.synth.bank_accounts import agency_account
from sandbox.bank import iso

PAIN001_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CREATED = datetime(2026, 12, 1, 8, 0, 0)
EXECUTION = date(2026, 12, 1)


@dataclass
class Line:
    """One credit transfer to put in a file."""

    bin: str
    account: str
    name: str
    amount: int = 5_000_000
    end_to_end_id: str = "E2E-1"


@dataclass
class File:
    """A pain.001 to build: header values can be spoiled one by one."""

    lines: list[Line]
    msg_id: str = "MSG-1"
    party: str = field(default_factory=lambda: agency_account().party_id)
    control_sum: int | None = None
    execution: date = EXECUTION

    def xml(self) -> bytes:
        """The file as pain.001.001.09 XML."""
        E = ElementMaker(namespace=PAIN001_NS, nsmap={None: PAIN001_NS})
        agency = agency_account()
        total = sum(line.amount for line in self.lines)
        stated = total if self.control_sum is None else self.control_sum
        block = E.PmtInf(
            E.PmtInfId(f"{self.msg_id}-P1"),
            E.PmtMtd("TRF"),
            E.BtchBookg("false"),
            E.NbOfTxs(str(len(self.lines))),
            E.CtrlSum(str(stated)),
            E.PmtTpInf(E.CtgyPurp(E.Cd("PENS"))),
            E.ReqdExctnDt(E.Dt(self.execution.isoformat())),
            E.Dbtr(E.Nm(agency.name)),
            E.DbtrAcct(E.Id(E.Othr(E.Id(agency.account)))),
            E.DbtrAgt(E.FinInstnId(E.ClrSysMmbId(E.MmbId(agency.bin)))),
        )
        for n, line in enumerate(self.lines, 1):
            block.append(
                E.CdtTrfTxInf(
                    E.PmtId(E.InstrId(f"I{n}"), E.EndToEndId(line.end_to_end_id)),
                    E.Amt(E.InstdAmt(str(line.amount), Ccy="VND")),
                    E.CdtrAgt(E.FinInstnId(E.ClrSysMmbId(E.MmbId(line.bin)))),
                    E.Cdtr(E.Nm(line.name)),
                    E.CdtrAcct(E.Id(E.Othr(E.Id(line.account)))),
                    E.Purp(E.Cd("PENS")),
                    E.RmtInf(E.Ustrd("Luong huu thang 12/2026")),
                )
            )
        document = E.Document(
            E.CstmrCdtTrfInitn(
                E.GrpHdr(
                    E.MsgId(self.msg_id),
                    E.CreDtTm(CREATED.isoformat()),
                    E.NbOfTxs(str(len(self.lines))),
                    E.CtrlSum(str(stated)),
                    E.InitgPty(E.Nm(agency.name), E.Id(E.OrgId(E.Othr(E.Id(self.party))))),
                ),
                block,
            )
        )
        data: bytes = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
        return data


def send(http: TestClient, headers: dict[str, str], data: bytes) -> Any:
    """POST a payment file."""
    return http.post(
        "/v1/payment-files", content=data, headers=headers | {"Content-Type": "application/xml"}
    )


def messages(http: TestClient, headers: dict[str, str], after: int = 0) -> list[dict[str, Any]]:
    """Every message in the outbox after `after`."""
    page = http.get("/v1/messages", params={"after": after, "limit": 1000}, headers=headers)
    assert page.status_code == 200
    items: list[dict[str, Any]] = page.json()["messages"]
    return items


def parsed(message: dict[str, Any]) -> Any:
    """The message's XML, checked against its official schema."""
    versions = {"pain.002": iso.PAIN002, "camt.054": iso.CAMT054, "camt.053": iso.CAMT053}
    root = etree.fromstring(message["xml"].encode())
    iso.schema(versions[message["type"]]).assertValid(root)
    return root


def texts(root: Any, local: str) -> list[str]:
    """The text of every element named `local`, whatever its namespace."""
    return [e.text for e in root.iter(f"{{*}}{local}")]


def tx_statuses(root: Any) -> dict[str, tuple[str, str | None]]:
    """EndToEndId -> (status, reason) of a pain.002."""
    found = {}
    for item in root.iter("{*}TxInfAndSts"):
        reason = item.find("{*}StsRsnInf/{*}Rsn/{*}Cd")
        found[item.findtext("{*}OrgnlEndToEndId")] = (
            item.findtext("{*}TxSts"),
            reason.text if reason is not None else None,
        )
    return found
