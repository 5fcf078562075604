"""The authenticated caller of a request or job."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ActorKind = Literal["client", "officer", "citizen", "system"]


@dataclass(frozen=True)
class Actor:
    """Who acts: its kind, a stable id, and the scopes it was granted."""

    kind: ActorKind
    id: str
    scopes: frozenset[str] = field(default_factory=frozenset)

    def can(self, scope: str) -> bool:
        """Return True if the actor holds `scope`."""
        return scope in self.scopes


SYSTEM = Actor(kind="system", id="ansinh", scopes=frozenset({"*"}))
