"""What each officer role may do (least privilege: admins manage accounts, not cases)."""

from __future__ import annotations

PERMISSIONS: dict[str, frozenset[str]] = {
    "officer": frozenset({"applications:read", "applications:review"}),
    "reviewer": frozenset({"applications:read", "applications:review", "applications:decide"}),
    "supervisor": frozenset(
        {"applications:read", "applications:review", "applications:decide", "officers:read"}
    ),
    "admin": frozenset({"officers:read"}),
}


def allowed(role: str, permission: str) -> bool:
    """Return True if `role` grants `permission`."""
    return permission in PERMISSIONS.get(role, frozenset())
