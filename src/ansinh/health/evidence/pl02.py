"""Read a PL02 document: its facility, form, every field as a string, and the certificate.

Layouts (fact sheet §1.3; element names of the envelope as transcribed by a hospital system, M):
`HSCHUNGTU/THONGTINHOSO/DANHSACHHOSO/HOSO/FILEHOSO/{LOAIHOSO, NOIDUNGFILE/<certificate>}` for
Circular 25/2025 certificates (loaiHs 39), `HSDLGCS/GIAYCHUNGSINH` for a medical birth certificate
(61) and `HSDLGBT/GIAYBAOTU` for a death notice (60); each has `THONGTINDONVI/MACSKCB` and the
signature. Fields stay strings as sent (leading zeros kept); only the dates, flags and
identifiers a claim needs are read into the `Certificate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from ansinh.health.evidence.schemas import Certificate, CertificateKind
from ansinh.identity import InvalidIdentifier, parse_personal_id, parse_si_number

CERTIFICATES, DEATH_NOTICE, BIRTH_CERTIFICATE = "39", "60", "61"
ROOTS = {CERTIFICATES: "HSCHUNGTU", DEATH_NOTICE: "HSDLGBT", BIRTH_CERTIFICATE: "HSDLGCS"}
FORMS: dict[str, CertificateKind] = {
    "CT03": "discharge",
    "CT06": "pregnancy_rest",
    "CT07": "sick_leave",
}
_DAY_FORMATS = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
_BIRTH_TIME = len("yyyyMMddHHmmss")
SERIAL_MAX = 50  # medical_certificates.serial
_FLAGS = {"1": True, "0": False, "": None}


class FormatError(ValueError):
    """The document is well-formed XML but not a PL02 document of the announced type."""


@dataclass(frozen=True)
class Parsed:
    """What a PL02 document says."""

    facility_code: str
    form_code: str
    fields: dict[str, str]
    certificate: Certificate


def _text(node: etree._Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _fields(node: etree._Element) -> dict[str, str]:
    return {str(child.tag): _text(child) for child in node if isinstance(child.tag, str)}


def _required(fields: dict[str, str], name: str) -> str:
    if not fields.get(name):
        raise FormatError(f"{name}: required")
    return fields[name]


def _day(fields: dict[str, str], *names: str) -> date | None:
    """The first of `names` present, as a date (yyyyMMdd, optionally with HHmm or HHmmss)."""
    name = next((n for n in names if fields.get(n)), None)
    if name is None:
        return None
    value = fields[name]
    try:
        return datetime.strptime(value, _DAY_FORMATS[len(value)]).date()
    except (KeyError, ValueError):
        raise FormatError(f"{name}: expected yyyyMMdd[HHmm[ss]]") from None


def _flag(fields: dict[str, str], name: str) -> bool | None:
    try:
        return _FLAGS[fields.get(name, "")]
    except KeyError:
        raise FormatError(f"{name}: expected 1 or 0") from None


def _identifier(fields: dict[str, str], name: str, parse: Callable[[str], object]) -> str | None:
    """A personal ID (12 digits) or SI number (10); an old 9-digit ID card number gives None."""
    value = fields.get(name, "")
    if not value or (parse is parse_personal_id and len(value) == len("123456789")):
        return None
    try:
        parse(value)
    except InvalidIdentifier as exc:
        raise FormatError(f"{name}: {exc}") from None
    return value


def _leave(form: str, fields: dict[str, str], facility: str) -> Certificate:
    begins, ends = _day(fields, "TU_NGAY", "NGAY_VAO"), _day(fields, "DEN_NGAY", "NGAY_RA")
    if begins and ends and begins > ends:
        raise FormatError("TU_NGAY: after DEN_NGAY")
    return Certificate(
        serial=_required(fields, "SO_SERI"),
        kind=FORMS[form],
        personal_id=_identifier(fields, "SO_CCCD", parse_personal_id),
        si_number=_identifier(fields, "MA_BHXH", parse_si_number),
        from_date=begins,
        to_date=ends,
        event_date=_day(fields, "NGAY_CHUNG_TU", "NGAY_CT"),
        facility_code=facility,
        caesarean=None,
        under_32_weeks=None,
    )


def _birth(fields: dict[str, str], facility: str) -> Certificate:
    if len(_required(fields, "NGAY_SINH_CON")) != _BIRTH_TIME:
        raise FormatError("NGAY_SINH_CON: expected 14 characters, yyyyMMddHHmmss")
    number, book = _required(fields, "SO"), fields.get("QUYEN_SO", "")
    return Certificate(
        serial=f"{book}-{number}" if book else number,
        kind="birth",
        personal_id=_identifier(fields, "SO_CCCD_NND", parse_personal_id),
        si_number=_identifier(fields, "MA_BHXH_NND", parse_si_number),
        from_date=None,
        to_date=None,
        event_date=_day(fields, "NGAY_SINH_CON"),
        facility_code=facility,
        caesarean=_flag(fields, "SINHCON_PHAUTHUAT"),
        under_32_weeks=_flag(fields, "SINHCON_DUOI32TUAN"),
    )


def _death(fields: dict[str, str], facility: str) -> Certificate:
    died = _day(fields, "NGAY_TV")
    if died is None:
        raise FormatError("NGAY_TV: required")
    return Certificate(
        serial=_required(fields, "MA_GBT"),
        kind="death",
        personal_id=_identifier(fields, "SO_GIAYTO", parse_personal_id),
        si_number=_identifier(fields, "MA_BHXH", parse_si_number),
        from_date=None,
        to_date=None,
        event_date=died,
        facility_code=facility,
        caesarean=None,
        under_32_weeks=None,
    )


def _one(root: etree._Element, path: str) -> etree._Element:
    found = root.findall(path)
    if len(found) != 1:
        raise FormatError(f"{path}: expected exactly one, found {len(found)}")
    return found[0]


def facility_of(root: etree._Element) -> str:
    """The facility code the document names (THONGTINDONVI/MACSKCB)."""
    return _text(_one(root, "THONGTINDONVI/MACSKCB"))


def read(root: etree._Element, document_type: str) -> Parsed:
    """Read a document of type `document_type` (loaiHs 39, 60 or 61)."""
    parsed = _read(root, document_type)
    if len(parsed.certificate.serial) > SERIAL_MAX:
        raise FormatError(f"serial: longer than {SERIAL_MAX} characters")
    return parsed


def _read(root: etree._Element, document_type: str) -> Parsed:
    if root.tag != ROOTS.get(document_type):
        raise FormatError(f"loaiHs {document_type}: expected root {ROOTS.get(document_type)}")
    facility = facility_of(root)
    if document_type == BIRTH_CERTIFICATE:
        fields = _fields(_one(root, "GIAYCHUNGSINH"))
        return Parsed(facility, "GCS", fields, _birth(fields, facility))
    if document_type == DEATH_NOTICE:
        fields = _fields(_one(root, "GIAYBAOTU"))
        return Parsed(facility, "GBT", fields, _death(fields, facility))
    entry = _one(root, "THONGTINHOSO/DANHSACHHOSO/HOSO/FILEHOSO")
    form = _text(entry.find("LOAIHOSO"))
    if form not in FORMS:
        raise FormatError(f"LOAIHOSO: {form!r} is not one of {', '.join(sorted(FORMS))}")
    content = [c for c in _one(entry, "NOIDUNGFILE") if isinstance(c.tag, str)]
    if len(content) != 1:
        raise FormatError("NOIDUNGFILE: expected one certificate element")
    fields = _fields(content[0])
    return Parsed(facility, form, fields, _leave(form, fields, facility))
