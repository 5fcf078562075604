"""Which domains the platform has, so callers light up a section or a service only when present.

The portal shows the HI card section only when the health domain is installed (`present("health")`);
the service catalogue lists a service as coming until its domain exists.
"""

from __future__ import annotations

import importlib.util
from functools import cache


@cache
def present(domain: str) -> bool:
    """True if the platform has the domain package `ansinh.<domain>`."""
    return importlib.util.find_spec(f"ansinh.{domain}") is not None
