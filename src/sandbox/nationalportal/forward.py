"""Forward a filed dossier to the agency over HTTP (its partner route, with the portal's key)."""

from __future__ import annotations

import httpx

PATH = "/partners/v1/national-portal/dossiers"


def forward(
    agency: httpx.Client,
    *,
    dossier_no: str,
    service_code: str,
    si_number: str,
    answers: dict[str, str],
) -> tuple[str | None, str | None]:
    """Send the dossier; (the agency's reference, None), or (None, why it was not taken)."""
    body = {
        "dossier_no": dossier_no,
        "service_code": service_code,
        "si_number": si_number,
        "level": 2,  # the portal signs citizens in with their level-2 e-ID
        "answers": answers,
    }
    try:
        response = agency.post(PATH, json=body)
    except httpx.HTTPError as exc:
        return None, f"agency unreachable: {type(exc).__name__}"
    if response.status_code in (200, 201):
        return str(response.json()["reference"]), None
    try:
        detail = str(response.json().get("detail", response.status_code))
    except ValueError:
        detail = str(response.status_code)
    return None, detail
