"""`ansinh evidence`: a facility's signing certificates (register, list, deactivate), test keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives import serialization
from rich.console import Console
from rich.table import Table

from ansinh.core.db import unit_of_work
from ansinh.core.errors import ProblemError
from ansinh.health.evidence import keys
from ansinh.synth.hospital import facility_key

err = Console(stderr=True)
app = typer.Typer(help="Electronic evidence from hospitals (PL02).", no_args_is_help=True)
Facility = Annotated[str, typer.Argument(help="5-digit facility code, e.g. 79011")]


@app.command("register-certificate")
def register_certificate(
    facility_code: Facility,
    pem_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="PEM certificate")],
) -> None:
    """Register the X.509 certificate whose key signs the facility's PL02 documents."""
    try:
        with unit_of_work() as session:
            row = keys.register(
                db_session=session, facility_code=facility_code, pem=pem_file.read_bytes()
            )
            fingerprint, until = row.fingerprint, row.not_after
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    err.print(f"registered for {facility_code}: SHA-256 {fingerprint} (valid to {until:%Y-%m-%d})")


@app.command("deactivate-certificate")
def deactivate_certificate(
    certificate_id: Annotated[int, typer.Argument(help="The id `certificates` lists")],
) -> None:
    """Stop a registered certificate verifying documents (a leaked or replaced key)."""
    try:
        with unit_of_work() as session:
            facility = keys.deactivate(db_session=session, certificate_id=certificate_id)
            facility_code = facility.facility_code
    except ProblemError as exc:
        err.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    err.print(f"certificate {certificate_id} of {facility_code} no longer verifies documents")


@app.command("certificates")
def certificates(facility_code: Facility) -> None:
    """List a facility's registered signing certificates."""
    table = Table("id", "SHA-256", "subject", "valid to", "active")
    with unit_of_work() as session:
        for row in keys.listed(db_session=session, facility_code=facility_code):
            table.add_row(
                str(row.certificate_id),
                row.fingerprint[:16] + "…",
                row.subject,
                f"{row.not_after:%Y-%m-%d}",
                "yes" if row.active else "no",
            )
    Console().print(table)


@app.command("synthetic-key")
def synthetic_key(
    facility_code: Facility,
    directory: Annotated[Path, typer.Argument(file_okay=False, help="Where to write the files")],
) -> None:
    """Write a synthetic hospital's private key and certificate (for tests and the demo)."""
    key = facility_key(facility_code)
    directory.mkdir(parents=True, exist_ok=True)
    private = key.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    secret = directory / f"{facility_code}.key.pem"
    secret.write_bytes(private)
    secret.chmod(0o600)
    (directory / f"{facility_code}.cert.pem").write_bytes(key.certificate_pem)
    err.print(f"wrote {facility_code}.key.pem and {facility_code}.cert.pem in {directory}")
