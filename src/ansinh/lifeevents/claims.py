"""Claims from the family's death application: the funeral grant and the survivors' allowance.

When the applicant chose the SI-law funeral grant (fact sheet §4.2, regime 1), the funeral-grant
claim (1.014177) is filed for the deceased, paid where the application says (the organiser's
cash or account); where the deceased was a contributor or a pensioner and the family declared
dependants, a survivors' claim too (1.014178 monthly, 1.014179 lump sum). Filed once per death:
the references (or why one could not be filed) are kept on the death's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ansinh.benefits.claims import service as claims
from ansinh.benefits.claims.enums import Branch, ClaimantKind, ClaimStatus
from ansinh.benefits.claims.schemas import ClaimLine
from ansinh.contributions.book.service import histories
from ansinh.core.security.actor import SYSTEM
from ansinh.lifeevents.models import Death, DeathReport
from ansinh.lifeevents.schemas import Application
from ansinh.payments import service as payments
from ansinh.payments.schemas import HeirPayee
from ansinh.registry import service as registry
from ansinh.registry.schemas import PersonSearch

PURPOSE = "open the funeral and survivors' claims of a death application (1.006714)"
SI_FUNERAL = "si_funeral"
PAID_STATES = (ClaimStatus.GRANTED, ClaimStatus.PENDING_APPROVAL)
HOLDER_CHARS = 70  # a payee name as ISO 20022 and the payment tables keep it


def _pensioner(db_session: Session, si_number: str) -> bool:
    held = claims.claims_of_person(db_session, si_number=si_number, actor=SYSTEM, purpose=PURPOSE)
    return any(c.branch == Branch.PENSION and c.status in PAID_STATES for c in held)


def _hospital_serial(db_session: Session, si_number: str) -> list[str]:
    serial = db_session.scalar(
        select(DeathReport.reference)
        .where(DeathReport.si_number == si_number, DeathReport.source == "hospital")
        .order_by(DeathReport.report_id)
        .limit(1)
    )
    return [serial] if serial else []


def _organiser(db_session: Session, personal_id: str) -> str | None:
    organiser = db_session.scalars(
        registry.search_persons(PersonSearch(personal_id=personal_id))
    ).first()
    if organiser is None:
        return None
    read = registry.read_person(
        db_session=db_session, si_number=organiser.si_number, actor=SYSTEM, purpose=PURPOSE
    )
    return read.full_name[:HOLDER_CHARS]


def _lines(
    db_session: Session,
    si_number: str,
    died: date,
    application: Application,
    insured: bool,
    holder: str | None,
) -> list[ClaimLine]:
    pensioner = _pensioner(db_session, si_number)
    paid = {
        "channel": application.receipt_channel,
        "account_bin": application.bank_bin,
        "account_number": application.account_number,
        "account_holder": holder,
        "certificate_serials": _hospital_serial(db_session, si_number),
    }
    lines = [
        ClaimLine(
            si_number=si_number,
            branch=Branch.FUNERAL_GRANT,
            period_from=died,
            facts={"pensioner": pensioner},
            **paid,
        )
    ]
    if (insured or pensioner) and application.dependants:
        lump_sum = application.survivor_choice == "lump_sum"
        facts: dict[str, Any] = (
            {"status": "pensioner" if pensioner else "insured"}
            if lump_sum
            else {
                "pensioner": pensioner,
                "dependants": [
                    {"name": d.full_name, "relation": d.relation, "birth_date": d.birth_date}
                    for d in application.dependants
                ],
            }
        )
        branch = Branch.SURVIVOR_LUMP_SUM if lump_sum else Branch.SURVIVOR_MONTHLY
        lines.append(
            ClaimLine(si_number=si_number, branch=branch, period_from=died, facts=facts, **paid)
        )
    return lines


def open_claims(
    db_session: Session, deaths: Sequence[tuple[str, date, Any]], *, received_on: date
) -> int:
    """File the claims of each death (si_number, date_of_death, application); the count filed."""
    chosen = []
    for si_number, died, raw in deaths:
        try:
            application = Application.model_validate(raw)
            heir = HeirPayee(
                channel=application.receipt_channel,
                bank_bin=application.bank_bin,
                account_number=application.account_number,
            )
        except ValidationError:
            _note(db_session, si_number, "the application could not be read: an officer files")
            continue
        holder = _organiser(db_session, application.organiser_personal_id)
        heir.holder = holder
        payments.name_heir(db_session=db_session, si_number=si_number, heir=heir)
        if application.regime != SI_FUNERAL:
            _note(db_session, si_number, f"regime {application.regime}: not an SI funeral grant")
            continue
        chosen.append((si_number, died, application, holder))
    if not chosen:
        return 0
    books = histories(
        db_session=db_session,
        si_numbers=[si for si, _, _, _ in chosen],
        until=max(died for _, died, _, _ in chosen),
    )
    lines = [
        line
        for si, died, application, holder in chosen
        for line in _lines(db_session, si, died, application, bool(books.get(si)), holder)
    ]
    filed = claims.file_claims(
        db_session,
        lines=lines,
        claimant_kind=ClaimantKind.CITIZEN,
        received_on=received_on,
        actor=SYSTEM,
        purpose=PURPOSE,
    )
    refs: dict[str, dict[str, Any]] = {si: {} for si, _, _, _ in chosen}
    for done in filed.filed:
        line = lines[done.line - 1]
        field = "funeral_claim" if line.branch == Branch.FUNERAL_GRANT else "survivor_claim"
        refs[line.si_number][field] = done.reference
    for problem in filed.problems:
        line = lines[problem.line - 1]
        refs[line.si_number]["claims_note"] = f"{line.branch}: {'; '.join(problem.reasons)}"[:500]
    for si_number, values in refs.items():
        db_session.execute(update(Death).where(Death.si_number == si_number).values(**values))
    return len(filed.filed)


def _note(db_session: Session, si_number: str, note: str) -> None:
    db_session.execute(update(Death).where(Death.si_number == si_number).values(claims_note=note))
