"""VietQR payloads (EMVCo merchant-presented QR, NAPAS profile) for a bank account."""

from __future__ import annotations

import binascii

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"  # transfer to an account (QRIBFTTC: to a card)
VND = "704"
NOTE_MAX = 25


def _field(tag: str, value: str) -> str:
    """One EMVCo data object: two-digit tag, two-digit length, value."""
    if len(value) > 99:
        raise ValueError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as four upper-case hex digits."""
    return f"{binascii.crc_hqx(text.encode(), 0xFFFF):04X}"


def payload(bin_: str, account: str, *, amount: int | None = None, note: str | None = None) -> str:
    """The VietQR string for an account, with an optional amount (VND) and note (≤ 25 chars)."""
    beneficiary = _field("00", bin_) + _field("01", account)
    merchant = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", TO_ACCOUNT)
    parts = [_field("00", "01"), _field("01", "12" if amount else "11"), _field("38", merchant)]
    parts.append(_field("53", VND))
    if amount:
        parts.append(_field("54", str(amount)))
    parts.append(_field("58", "VN"))
    if note:
        parts.append(_field("62", _field("08", note[:NOTE_MAX])))
    body = "".join(parts) + "6304"
    return body + crc16(body)
