"""A synthetic hospital: signed PL02 documents (CT07 sick leave, birth certificate, death notice).

For tests and the demo. The facility's key is a fresh RSA key with a self-signed certificate (the
platform registers the certificate, as a real facility registers its CA-issued one); documents are
signed enveloped, inclusive C14N, RSA-SHA256. Field names follow fact sheet §1.3; every value is a
string, dates as yyyyMMdd, the birth time as 14 characters yyyyMMddHHmmss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

from ansinh.core import xmldsig

KEY_BITS = 2048
CERTIFICATE_DAYS = 3 * 365
DAY, MINUTE = "%Y%m%d", "%Y%m%d%H%M"
BIRTH_TIME = "%Y%m%d%H%M%S"


@dataclass(frozen=True)
class SigningKey:
    """A facility's private key and its certificate."""

    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> bytes:
        """The certificate as PEM, to register with the platform."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class Patient:
    """Who a certificate is about; identifiers and name as the hospital recorded them."""

    full_name: str
    date_of_birth: date
    sex: str  # "1" male, "2" female (MoH coding)
    personal_id: str = ""
    si_number: str = ""


def facility_key(facility_code: str, *, now: datetime | None = None) -> SigningKey:
    """A new RSA key and a self-signed certificate naming the facility."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"Cơ sở KCB {facility_code} (synthetic)"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, facility_code),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    start = (now or datetime.now(UTC)) - timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=CERTIFICATE_DAYS))
        .sign(key, hashes.SHA256())
    )
    return SigningKey(key, certificate)


def _add(parent: etree._Element, fields: dict[str, str]) -> etree._Element:
    for name, value in fields.items():
        etree.SubElement(parent, name).text = value
    return parent


def _envelope(root_name: str, facility_code: str) -> etree._Element:
    root = etree.Element(root_name)
    _add(etree.SubElement(root, "THONGTINDONVI"), {"MACSKCB": facility_code})
    return root


def sick_leave(
    facility_code: str,
    serial: str,
    patient: Patient,
    *,
    first_day: date,
    last_day: date,
    issued: date,
    form: str = "CT07",
) -> etree._Element:
    """An unsigned HSCHUNGTU envelope (loaiHs 39) holding one CT07 (or CT03/CT06) certificate."""
    root = _envelope("HSCHUNGTU", facility_code)
    entry = etree.SubElement(root, "THONGTINHOSO")
    _add(entry, {"NGAYLAP": issued.strftime(DAY), "SOLUONGHOSO": "1"})
    file = etree.SubElement(
        etree.SubElement(etree.SubElement(entry, "DANHSACHHOSO"), "HOSO"), "FILEHOSO"
    )
    _add(file, {"LOAIHOSO": form})
    fields = {
        "MA_CT": form,
        "MAU_SO": "07/BV" if form == "CT07" else form,
        "SO_SERI": serial,
        "SO_KCB": f"{facility_code}{serial[-6:]}",
        "MA_BHXH": patient.si_number,
        "MA_THE": "",
        "HO_TEN": patient.full_name,
        "NGAY_SINH": patient.date_of_birth.strftime(DAY),
        "GIOI_TINH": patient.sex,
        "DON_VI": "",
        "CHANDOAN_DIEUTRI": "Viêm phổi",
        "TU_NGAY": first_day.strftime(DAY),
        "DEN_NGAY": last_day.strftime(DAY),
        "TEN_NGUOI_HANH_NGHE": "Bác sĩ tổng hợp",
        "NGAY_CHUNG_TU": issued.strftime(DAY),
        "LOAI_GIAYTO": "1",
        "SO_CCCD": patient.personal_id,
        "NGAY_KCB": first_day.strftime(DAY),
        "BENH_ICD10_ID": "J18.9",
        "BENH_ICD10_TEN": "Viêm phổi, không đặc hiệu",
    }
    _add(etree.SubElement(etree.SubElement(file, "NOIDUNGFILE"), "CHUNGTU"), fields)
    return root


def birth_certificate(
    facility_code: str,
    serial: str,
    mother: Patient,
    *,
    born_at: datetime,
    child_name: str,
    child_sex: str,
    caesarean: bool,
    under_32_weeks: bool,
    book: str = "",
) -> etree._Element:
    """An unsigned HSDLGCS document (loaiHs 61): a medical birth certificate (Circular 22/2025)."""
    root = _envelope("HSDLGCS", facility_code)
    fields = {
        "SO": serial,
        "QUYEN_SO": book,
        "MA_BHXH_NND": mother.si_number,
        "HO_TEN_NND": mother.full_name,
        "NGAYSINH_NND": mother.date_of_birth.strftime(DAY),
        "SO_CCCD_NND": mother.personal_id,
        "HO_TEN_CON": child_name,
        "GIOI_TINH_CON": child_sex,
        "SO_CON": "1",
        "CAN_NANG_CON": "3100",
        "NGAY_SINH_CON": born_at.strftime(BIRTH_TIME),
        "NOI_SINH_CON": f"Cơ sở KCB {facility_code}",
        "SINHCON_PHAUTHUAT": "1" if caesarean else "0",
        "SINHCON_DUOI32TUAN": "1" if under_32_weeks else "0",
        "NGAY_CT": born_at.strftime(DAY),
    }
    _add(etree.SubElement(root, "GIAYCHUNGSINH"), fields)
    return root


def death_notice(
    facility_code: str, serial: str, person: Patient, *, died_at: datetime, cause: str
) -> etree._Element:
    """An unsigned HSDLGBT document (loaiHs 60): a death notice."""
    root = _envelope("HSDLGBT", facility_code)
    fields = {
        "MA_GBT": serial,
        "SO_BAOTU": serial[-6:],
        "HO_TEN": person.full_name,
        "NGAY_SINH": person.date_of_birth.strftime(DAY),
        "GIOI_TINH": person.sex,
        "SO_GIAYTO": person.personal_id,
        "MA_BHXH": person.si_number,
        "NGAY_TV": died_at.strftime(MINUTE),
        "NGUYENNHAN_TV": cause,
        "NGUOI_THANTHICH": "",
        "MACSKCB": facility_code,
    }
    _add(etree.SubElement(root, "GIAYBAOTU"), fields)
    return root


def signed(document: etree._Element, key: SigningKey) -> bytes:
    """The document signed by the facility's key (enveloped XMLDSig), as bytes."""
    return xmldsig.sign(document, key.private_key, key.certificate)
