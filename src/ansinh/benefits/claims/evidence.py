"""Check a claim's certificates: present, of the right kind, the claimant's, for these dates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ansinh.benefits.claims.branches import BranchRule

if TYPE_CHECKING:
    from ansinh.health.evidence.schemas import Certificate


def _dates_match(certificate: Certificate, period_from: date, period_to: date) -> bool:
    if certificate.kind in ("sick_leave", "discharge", "pregnancy_rest"):
        start, end = certificate.from_date, certificate.to_date
        return start is not None and end is not None and start <= period_from <= period_to <= end
    return certificate.event_date == period_from


def hold_reason(
    rule: BranchRule,
    serials: list[str],
    found: dict[str, Certificate],
    *,
    si_number: str,
    personal_id: str | None,
    period_from: date,
    period_to: date,
) -> str | None:
    """Why the claim must wait for its evidence, or None when the evidence holds."""
    if not rule.certificates:
        return None
    if not serials:
        return "certificate missing: the claim names no certificate serial"
    for serial in serials:
        certificate = found.get(serial)
        if certificate is None:
            return f"certificate {serial} not received from the facility yet"
        if certificate.kind not in rule.certificates:
            return f"certificate {serial} is a {certificate.kind} certificate, not the one needed"
        if rule.own_certificate and not (
            certificate.si_number == si_number
            or (personal_id is not None and certificate.personal_id == personal_id)
        ):
            return f"certificate {serial} was issued for another person"
        if not _dates_match(certificate, period_from, period_to):
            return f"certificate {serial} covers other dates than the claim"
    return None


def facts_from(certificates: list[Certificate]) -> dict[str, Any]:
    """What a birth certificate tells the father's leave (caesarean, under 32 weeks)."""
    for certificate in certificates:
        if certificate.kind == "birth":
            known: dict[str, Any] = {}
            if certificate.caesarean is not None:
                known["caesarean"] = certificate.caesarean
            return known
    return {}
