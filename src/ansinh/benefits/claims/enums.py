"""Statuses and kinds of claims, decisions and entitlements, stored as their strings."""

from __future__ import annotations

from enum import StrEnum


class ClaimStatus(StrEnum):
    """Where a claim stands."""

    AWAITING_CONFIRMATION = "awaiting_confirmation"
    HELD = "held"
    RECEIVED = "received"
    PENDING_APPROVAL = "pending_approval"
    GRANTED = "granted"
    REFUSED = "refused"
    REVOKED = "revoked"


class ClaimantKind(StrEnum):
    """Who filed the claim."""

    EMPLOYER = "employer"
    CITIZEN = "citizen"
    OFFICER = "officer"
    PROACTIVE = "proactive"


class Outcome(StrEnum):
    """What a decision says."""

    GRANTED = "granted"
    REFUSED = "refused"
    REVOKED = "revoked"


class EntitlementStatus(StrEnum):
    """Whether an entitlement is still owed."""

    ACTIVE = "active"
    ENDED = "ended"


class Branch(StrEnum):
    """Every benefit a claim can be for (one rules-engine benefit each)."""

    SICKNESS = "sickness"
    CHILD_SICKNESS = "child_sickness"
    SICKNESS_CONVALESCENCE = "sickness_convalescence"
    PRENATAL_VISIT = "prenatal_visit"
    MISCARRIAGE = "miscarriage"
    CHILDBIRTH = "childbirth"
    ADOPTION = "adoption"
    PATERNITY = "paternity"
    CONTRACEPTION = "contraception"
    MATERNITY_VOLUNTARY = "maternity_voluntary"
    MATERNITY_CONVALESCENCE = "maternity_convalescence"
    PENSION = "pension"
    ONE_TIME_WITHDRAWAL = "one_time_withdrawal"
    SURVIVOR_MONTHLY = "survivor_monthly"
    SURVIVOR_LUMP_SUM = "survivor_lump_sum"
    FUNERAL_GRANT = "funeral_grant"
    WORK_INJURY = "work_injury"
