"""What each branch needs: its engine benefit, procedure, evidence, overlap and book facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ansinh.benefits.claims.enums import Branch

CertificateKind = Literal["sick_leave", "birth", "death", "discharge", "pregnancy_rest"]
Supplied = Literal["history", "person", "months", "months_2014"]


@dataclass(frozen=True)
class BranchRule:
    """How a claim of one branch is filed, checked and computed."""

    benefit: str
    procedure: str
    date_field: str
    overlap: str
    short_term: bool = True
    certificates: tuple[CertificateKind, ...] = ()
    own_certificate: bool = True
    supplied: tuple[Supplied, ...] = ("history",)
    purpose: Literal["PENS", "SSBE"] = "SSBE"
    once: bool = False
    """At most one claim of this overlap key per person, whatever its dates."""


LEAVE = "leave"
BRANCHES: dict[Branch, BranchRule] = {
    Branch.SICKNESS: BranchRule(
        "sickness", "sickness", "leave_start", LEAVE, certificates=("sick_leave", "discharge")
    ),
    Branch.CHILD_SICKNESS: BranchRule(
        "child_sickness",
        "sickness",
        "leave_start",
        LEAVE,
        certificates=("sick_leave", "discharge"),
        own_certificate=False,
    ),
    Branch.SICKNESS_CONVALESCENCE: BranchRule(
        "sickness_convalescence", "sickness_convalescence", "start", LEAVE, supplied=()
    ),
    Branch.PRENATAL_VISIT: BranchRule(
        "maternity_prenatal_visit", "maternity_medical", "visit_date", LEAVE
    ),
    Branch.MISCARRIAGE: BranchRule(
        "maternity_miscarriage",
        "maternity_medical",
        "event_date",
        LEAVE,
        certificates=("discharge", "sick_leave"),
    ),
    Branch.CHILDBIRTH: BranchRule(
        "maternity_childbirth", "maternity_birth", "birth_date", LEAVE, certificates=("birth",)
    ),
    Branch.ADOPTION: BranchRule("maternity_adoption", "maternity_adoption", "handover_date", LEAVE),
    Branch.PATERNITY: BranchRule(
        "maternity_paternity",
        "maternity_father",
        "birth_date",
        LEAVE,
        certificates=("birth",),
        own_certificate=False,
    ),
    Branch.CONTRACEPTION: BranchRule(
        "maternity_contraception", "maternity_medical", "procedure_date", LEAVE
    ),
    Branch.MATERNITY_VOLUNTARY: BranchRule(
        "maternity_voluntary", "maternity_voluntary", "birth_date", "birth", certificates=("birth",)
    ),
    Branch.MATERNITY_CONVALESCENCE: BranchRule(
        "maternity_convalescence", "maternity_convalescence", "start", LEAVE, supplied=()
    ),
    Branch.PENSION: BranchRule(
        "pension",
        "pension",
        "retirement_date",
        "pension",
        once=True,
        short_term=False,
        supplied=("history", "person"),
        purpose="PENS",
    ),
    Branch.ONE_TIME_WITHDRAWAL: BranchRule(
        "one_time_withdrawal",
        "lump_sum",
        "claim_date",
        "withdrawal",
        once=True,
        short_term=False,
        supplied=("history", "person"),
    ),
    Branch.SURVIVOR_MONTHLY: BranchRule(
        "survivor_monthly",
        "survivor_monthly",
        "death_date",
        "survivor",
        once=True,
        short_term=False,
        certificates=("death",),
        supplied=("months",),
    ),
    Branch.SURVIVOR_LUMP_SUM: BranchRule(
        "survivor_lump_sum",
        "survivor_lump_sum",
        "death_date",
        "survivor",
        once=True,
        short_term=False,
        certificates=("death",),
        supplied=("months_2014", "history"),
    ),
    Branch.FUNERAL_GRANT: BranchRule(
        "funeral_grant",
        "funeral",
        "death_date",
        "funeral",
        once=True,
        short_term=False,
        certificates=("death",),
        supplied=("months",),
    ),
    Branch.WORK_INJURY: BranchRule(
        "work_injury", "work_injury", "injury_date", "work_injury", short_term=False, supplied=()
    ),
}


def rule_of(branch: Branch | str) -> BranchRule:
    """The rule of a branch."""
    return BRANCHES[Branch(branch)]
