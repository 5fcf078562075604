"""API shapes of audit events."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AuditEventRead(BaseModel):
    """One audit event as shown to officers and to the person concerned."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_kind: str
    actor_id: str
    action: str
    resource: str
    purpose: str
