"""Turn a staged 01B-HSB line into the claims core's claim line: branch, facts, channel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ansinh.rules.store import parameter

Row = Mapping[str, Any]
# The list's (branch, sub-type) → the core's branch; child death and surrogacy are births.
BRANCH_OF = {
    ("sickness", "ordinary"): "sickness",
    ("sickness", "long_term"): "sickness",
    ("sickness", "sick_child"): "child_sickness",
    ("maternity", "prenatal"): "prenatal_visit",
    ("maternity", "miscarriage"): "miscarriage",
    ("maternity", "birth"): "childbirth",
    ("maternity", "child_death"): "childbirth",
    ("maternity", "surrogacy"): "childbirth",
    ("maternity", "adoption"): "adoption",
    ("maternity", "father"): "paternity",
    ("maternity", "contraception"): "contraception",
    ("convalescence", "after_sickness"): "sickness_convalescence",
    ("convalescence", "after_maternity"): "maternity_convalescence",
}
CHANNEL_OF = {"employer": "employer", "own_account": "account", "cash": "cash"}


def _sickness(r: Row) -> dict[str, Any]:
    return {
        "leave_days": r["days"],
        "arduous_or_remote": r["arduous"],
        "long_term_disease": r["subtype"] == "long_term" or r["long_term_disease"],
    }


def _birth(r: Row) -> dict[str, Any]:
    return {
        "birth_date": r["child_birth_date"],
        "children": r["children"] or 1,
        "leave_start": r["from_date"],
    }


def _weeks_at_birth(r: Row) -> Any:
    """The list may say only "born before the preterm limit": one week under it, as of the birth."""
    if not r["under_32_weeks"]:
        return r["gestational_weeks"]
    limits = parameter("maternity/paternity_leave_days").value_at(r["child_birth_date"])
    return int(limits["preterm_weeks"]) - 1 if isinstance(limits, dict) else None


FACTS: dict[str, Callable[[Row], dict[str, Any]]] = {
    "sickness": _sickness,
    "child_sickness": lambda r: {
        "leave_days": r["days"],
        "child_birth_date": r["child_birth_date"],
    },
    "prenatal_visit": lambda r: {"days": r["days"], "far_or_abnormal": r["far_or_abnormal"]},
    "miscarriage": lambda r: {"gestation_weeks": r["gestational_weeks"], "days": r["days"]},
    "childbirth": _birth,
    "adoption": lambda r: {
        "handover_date": r["child_received_date"],
        "child_birth_date": r["child_birth_date"],
    },
    "paternity": lambda r: (
        _birth(r)
        | {
            "days": r["days"],
            "caesarean": bool(r["caesarean"]),
            # The list says only "under 32 weeks"; the engine compares weeks with its parameter.
            "gestation_weeks": 31 if r["under_32_weeks"] else r["gestational_weeks"],
        }
    ),
    "contraception": lambda r: {"method": r["contraception_method"], "days": r["days"]},
    "sickness_convalescence": lambda r: {
        "sickness_leave_end": r["preceding_leave_end"],
        "sick_days_this_year": r["sick_days_this_year"],
        "reason": r["convalescence_reason"],
        "days": r["days"],
    },
    "maternity_convalescence": lambda r: {
        "maternity_leave_end": r["preceding_leave_end"],
        "reason": r["convalescence_reason"],
        "days": r["days"],
    },
}


def claim_line(row: Row) -> dict[str, Any]:
    """The core's claim line (as a dict) for a staged line; unset facts are left out."""
    branch = BRANCH_OF[(row["branch"], row["subtype"])]
    facts = {k: v for k, v in FACTS[branch](row).items() if v is not None}
    return {
        "si_number": row["si_number"],
        "branch": branch,
        "period_from": row["from_date"],
        "period_to": row["to_date"],
        "facts": facts,
        "certificate_serials": [row["certificate_serial"]] if row["certificate_serial"] else [],
        "channel": CHANNEL_OF[row["receipt_method"]],
        "account_bin": row["bank_bin"],
        "account_number": row["account_number"],
        "account_holder": row["account_holder"],
        "employer_received_on": row["received_date"],
        "late_explanation": row["late_explanation"],
        "province_code": row["province_code"],
    }
