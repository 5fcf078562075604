"""The catalogue of the agency's online public services, and what each one does when decided.

A service is available when it is implemented and the domain it needs is present; the others are
listed as coming, so the catalogue and the scorecard show what exists today.
"""

from __future__ import annotations

from functools import cache

from ansinh.core.domains import present
from ansinh.services.handlers import address, bank_account, confirmation
from ansinh.services.schemas import OnlineService


@cache
def catalogue() -> dict[str, OnlineService]:
    """Every service by code, available ones first."""
    services = [confirmation.SERVICE, address.SERVICE, bank_account.SERVICE]
    if present("health"):
        from ansinh.services.handlers import primary_care

        services.append(primary_care.SERVICE)
    services.extend(COMING)
    return {s.code: s for s in sorted(services, key=lambda s: not s.available)}


COMING = (
    OnlineService(
        code="SI-WITHDRAWAL",
        name={"vi": "Giải quyết hưởng BHXH một lần", "en": "One-time SI withdrawal claim"},
        summary={
            "vi": "Sẽ có khi lĩnh vực chi trả được triển khai.",
            "en": "Comes with the payments domain.",
        },
        level="full-process",
        channels=("portal", "eid_app"),
        domain="payments",
        min_level=2,
    ),
    OnlineService(
        code="UI-CLAIM",
        name={"vi": "Đề nghị hưởng trợ cấp thất nghiệp", "en": "Unemployment benefit claim"},
        summary={
            "vi": "Sẽ có khi lĩnh vực bảo hiểm thất nghiệp được triển khai.",
            "en": "Comes with the unemployment-insurance domain.",
        },
        level="full-process",
        channels=("portal",),
        domain="unemployment",
        min_level=2,
    ),
)
