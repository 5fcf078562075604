"""XMLDSig enveloped signatures over a whole document, verified against registered certificates.

Profile (what hospital systems' XML signers write, e.g. .NET `SignedXml`): one `Signature` child of
the document element, one `Reference` with `URI=""`, transforms enveloped-signature and optionally
a canonicalisation; canonical XML 1.0 inclusive or exclusive (without comments); RSA with SHA-256
(SHA-1 accepted for older signers) and the matching digest. The signer's certificate in `KeyInfo`
is ignored: only the certificates a facility registered can verify its documents.

`signxml` is not on the local package index; this is the few steps of XMLDSig Core §3.2 written
with `lxml`'s canonicaliser and `cryptography`. Parsing refuses DTDs and never resolves entities
or reaches the network.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
from collections.abc import Iterable

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

DSIG = "http://www.w3.org/2000/09/xmldsig#"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
_SIGNATURE_HASHES = {RSA_SHA256: hashes.SHA256, f"{DSIG}rsa-sha1": hashes.SHA1}
_DIGESTS = {SHA256: "sha256", f"{DSIG}sha1": "sha1"}
_CANONICAL = {C14N: False, EXC_C14N: True}
_NS = {"ds": DSIG}


class SignatureError(ValueError):
    """The document is not signed as the profile asks, or the signature does not verify."""


class MalformedXml(ValueError):
    """The bytes are not a well-formed XML document (or carry a DTD)."""


def parse(document: bytes) -> etree._Element:
    """Parse untrusted XML: no DTD, no entity expansion, no network."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedXml(f"not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise MalformedXml("a document type declaration is not allowed")
    return root


def _canonical(node: etree._Element, exclusive: bool) -> bytes:
    return bytes(etree.tostring(node, method="c14n", exclusive=exclusive, with_comments=False))


def _one(parent: etree._Element, path: str) -> etree._Element:
    found = parent.findall(path, _NS)
    if len(found) != 1:
        raise SignatureError(f"expected one {path.split(':')[-1]}, found {len(found)}")
    return found[0]


def _algorithm(parent: etree._Element, path: str, known: Iterable[str]) -> str:
    algorithm = str(_one(parent, path).get("Algorithm", ""))
    if algorithm not in known:
        raise SignatureError(f"unsupported algorithm {algorithm!r}")
    return algorithm


def _without(root: etree._Element, signature: etree._Element) -> etree._Element:
    """A copy of the document minus the signature element (its following text is kept)."""
    unsigned = copy.deepcopy(root)
    twin = unsigned[list(root).index(signature)]
    tail, previous = twin.tail or "", twin.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        unsigned.text = (unsigned.text or "") + tail
    unsigned.remove(twin)
    return unsigned


def _reference_digest(
    root: etree._Element, signature: etree._Element, signed_info: etree._Element
) -> None:
    reference = _one(signed_info, "ds:Reference")
    if reference.get("URI") != "":
        raise SignatureError('the reference must cover the whole document (URI="")')
    transforms = [
        t.get("Algorithm", "") for t in reference.findall("ds:Transforms/ds:Transform", _NS)
    ]
    if (
        not transforms
        or transforms[0] != ENVELOPED
        or any(t not in _CANONICAL for t in transforms[1:])
        or len(transforms) > 2
    ):
        raise SignatureError("the transforms must be enveloped-signature, then canonical XML")
    exclusive = _CANONICAL[transforms[1]] if len(transforms) == 2 else False
    digest = _DIGESTS[_algorithm(reference, "ds:DigestMethod", _DIGESTS)]
    expected = base64.b64decode(_one(reference, "ds:DigestValue").text or "")
    actual = hashlib.new(digest, _canonical(_without(root, signature), exclusive)).digest()
    if not hmac.compare_digest(expected, actual):
        raise SignatureError("the document was changed after it was signed (digest mismatch)")


def verify(root: etree._Element, certificates: Iterable[x509.Certificate]) -> x509.Certificate:
    """Verify the enveloped signature of `root` with one of `certificates`; return the one used."""
    signature = _one(root, "ds:Signature")
    signed_info = _one(signature, "ds:SignedInfo")
    exclusive = _CANONICAL[_algorithm(signed_info, "ds:CanonicalizationMethod", _CANONICAL)]
    method = _SIGNATURE_HASHES[_algorithm(signed_info, "ds:SignatureMethod", _SIGNATURE_HASHES)]
    _reference_digest(root, signature, signed_info)
    try:
        value = base64.b64decode("".join((_one(signature, "ds:SignatureValue").text or "").split()))
    except ValueError:
        raise SignatureError("the signature value is not base64") from None
    signed = _canonical(signed_info, exclusive)
    for certificate in certificates:
        key = certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            continue
        try:
            key.verify(value, signed, padding.PKCS1v15(), method())
        except InvalidSignature:
            continue
        return certificate
    raise SignatureError("no registered certificate of the facility verifies the signature")


def _element(parent: etree._Element, name: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{DSIG}}}{name}", attributes)


def sign(root: etree._Element, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> bytes:
    """Sign `root` in place (enveloped, inclusive C14N, RSA-SHA256); return the document bytes."""
    digest = hashlib.sha256(_canonical(root, False)).digest()
    signature = etree.SubElement(root, f"{{{DSIG}}}Signature", nsmap={None: DSIG})
    signed_info = _element(signature, "SignedInfo")
    _element(signed_info, "CanonicalizationMethod", Algorithm=C14N)
    _element(signed_info, "SignatureMethod", Algorithm=RSA_SHA256)
    reference = _element(signed_info, "Reference", URI="")
    transforms = _element(reference, "Transforms")
    _element(transforms, "Transform", Algorithm=ENVELOPED)
    _element(reference, "DigestMethod", Algorithm=SHA256)
    _element(reference, "DigestValue").text = base64.b64encode(digest).decode()
    value = key.sign(_canonical(signed_info, False), padding.PKCS1v15(), hashes.SHA256())
    _element(signature, "SignatureValue").text = base64.b64encode(value).decode()
    der = certificate.public_bytes(serialization.Encoding.DER)
    data = _element(_element(signature, "KeyInfo"), "X509Data")
    _element(data, "X509Certificate").text = base64.b64encode(der).decode()
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
