"""What each officer role may do (least privilege: admins manage accounts, not cases)."""

from __future__ import annotations

# Benefit claims: an officer prepares decisions (the maker), a reviewer or supervisor may also
# approve another officer's decision (the checker).
CLAIMS_MAKER = frozenset({"claims:read", "claims:prepare"})
CLAIMS_CHECKER = CLAIMS_MAKER | {"claims:approve"}
# Payroll: every case officer sees runs and works exceptions; a reviewer or supervisor approves
# (freezes) a run the system computed.
PAYROLL_READER = frozenset({"payments:read"})
PAYROLL_CHECKER = PAYROLL_READER | {"payments:approve"}
PERMISSIONS: dict[str, frozenset[str]] = {
    "officer": frozenset({"applications:read", "applications:review"})
    | CLAIMS_MAKER
    | PAYROLL_READER,
    "reviewer": frozenset({"applications:read", "applications:review", "applications:decide"})
    | CLAIMS_CHECKER
    | PAYROLL_CHECKER,
    "supervisor": frozenset(
        {
            "applications:read",
            "applications:review",
            "applications:decide",
            "applications:reassign",
            "officers:read",
        }
    )
    | CLAIMS_CHECKER
    | PAYROLL_CHECKER,
    "admin": frozenset({"officers:read"}),
}


def allowed(role: str, permission: str) -> bool:
    """Return True if `role` grants `permission`."""
    return permission in PERMISSIONS.get(role, frozenset())
