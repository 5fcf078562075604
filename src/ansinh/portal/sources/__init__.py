"""Where the portal's sections get their data, and which domains are present to light them up.

Each section reads through one audited accessor here. The SI book comes from the registry's
employments and salaries until the contributions domain publishes a person's book; the HI card
section lights up when the health domain is installed (`present("health")`).
"""

from __future__ import annotations

import importlib.util
from functools import cache


@cache
def present(domain: str) -> bool:
    """True if the platform has the domain package `ansinh.<domain>`."""
    return importlib.util.find_spec(f"ansinh.{domain}") is not None
