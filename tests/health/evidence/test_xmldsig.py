"""XMLDSig verification: documents signed by another implementation (signxml), and tampering."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from ansinh.core import xmldsig
from ansinh.synth import hospital

DATA = Path(__file__).parent / "data"
# Signed once by signxml 5.2.0 (ds: prefix, pretty-printed, a namespace on the root element),
# with inclusive and exclusive canonical XML; the certificate is valid to 2055.
SIGNED_ELSEWHERE = ["signxml_ct07_inclusive.xml", "signxml_ct07_exclusive.xml"]


@pytest.fixture(scope="module")
def certificate() -> x509.Certificate:
    """The certificate of the key that signed the files in data/."""
    return x509.load_pem_x509_certificate((DATA / "signxml_cert.pem").read_bytes())


@pytest.mark.parametrize("name", SIGNED_ELSEWHERE)
def test_a_document_signed_by_another_implementation_verifies(
    name: str, certificate: x509.Certificate
) -> None:
    root = xmldsig.parse((DATA / name).read_bytes())
    assert xmldsig.verify(root, [certificate]) == certificate


@pytest.mark.parametrize("name", SIGNED_ELSEWHERE)
def test_a_changed_value_or_attribute_fails(name: str, certificate: x509.Certificate) -> None:
    signed = (DATA / name).read_bytes()
    for changed in (
        signed.replace(b"<DEN_NGAY>20261124<", b"<DEN_NGAY>20261125<"),
        signed.replace(b'"HSCHUNGTU.xsd"', b'"OTHER.xsd"'),
    ):
        with pytest.raises(xmldsig.SignatureError):
            xmldsig.verify(xmldsig.parse(changed), [certificate])


def test_a_changed_signed_info_fails(certificate: x509.Certificate) -> None:
    signed = (DATA / SIGNED_ELSEWHERE[0]).read_bytes()
    changed = signed.replace(b"<ds:SignedInfo>", b'<ds:SignedInfo Id="changed">')
    with pytest.raises(xmldsig.SignatureError, match="no registered certificate"):
        xmldsig.verify(xmldsig.parse(changed), [certificate])


def test_another_key_does_not_verify() -> None:
    stranger = hospital.facility_key("79011").certificate
    with pytest.raises(xmldsig.SignatureError, match="no registered certificate"):
        xmldsig.verify(xmldsig.parse((DATA / SIGNED_ELSEWHERE[0]).read_bytes()), [stranger])


def test_a_reference_to_part_of_the_document_is_refused(certificate: x509.Certificate) -> None:
    signed = (DATA / SIGNED_ELSEWHERE[0]).read_bytes().replace(b'URI=""', b'URI="#x"')
    with pytest.raises(xmldsig.SignatureError, match="whole document"):
        xmldsig.verify(xmldsig.parse(signed), [certificate])


def test_a_dtd_is_refused_before_anything_is_expanded() -> None:
    with pytest.raises(xmldsig.MalformedXml, match="document type"):
        xmldsig.parse(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>')
