"""Each Project 06 figure: which domain it needs and how it is computed from the system.

A figure is "not yet available" until its domain is present and a computation is registered
here; future domains add one `compute` entry and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from ansinh.core.clock import today
from ansinh.core.domains import present
from ansinh.eid import usage
from ansinh.registry import service as registry


@dataclass(frozen=True)
class Value:
    """A computed figure, with its parts (e.g. the total it is a share of)."""

    value: int | float
    parts: Mapping[str, int | float] = field(default_factory=dict)


Compute = Callable[[Session], Value | None]
"""A figure's computation; None while there is nothing to count yet (a share of nothing)."""


@dataclass(frozen=True)
class Figure:
    """One line of the scorecard."""

    key: str
    label: Mapping[str, str]
    domain: str
    compute: Compute | None = None
    percent: bool = False

    @property
    def available(self) -> bool:
        """True once the domain is present and the figure has a computation."""
        return self.compute is not None and present(self.domain)


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _citizens_authenticated(db_session: Session) -> Value:
    from ansinh.linkage import service as linkage

    counts = linkage.scorecard(db_session=db_session)
    return Value(counts.authenticated, {"persons": counts.participants})


def _participants_authenticated(db_session: Session, on: date | None = None) -> Value:
    total, done = registry.count_insured(db_session=db_session, on=on or today())
    return Value(_share(done, total), {"participants": total, "authenticated": done})


def _hi_checks(db_session: Session) -> Value:
    from ansinh.health import service as health

    return Value(health.count_checks(db_session=db_session))


def _online_services(_: Session) -> Value:
    from ansinh.services.catalogue import catalogue

    procedures = catalogue().values()
    available = [p for p in procedures if p.available]
    return Value(len(available), {"in_catalogue": len(procedures)})


def _applications_by_channel(db_session: Session) -> Value:
    from ansinh.services import service

    counted = service.figures(db_session=db_session)
    return Value(sum(counted.by_channel.values()), counted.by_channel)


def _applications_by_service(db_session: Session) -> Value:
    from ansinh.services import service

    counted = service.figures(db_session=db_session)
    return Value(len(counted.by_service), counted.by_service)


def _decided_in_time(db_session: Session) -> Value:
    from ansinh.services import service

    counted = service.figures(db_session=db_session)
    parts = {"decided": counted.decided, "decided_in_time": counted.decided_in_time}
    return Value(_share(counted.decided_in_time, counted.decided), parts)


def _paid_to_accounts(db_session: Session) -> Value:
    from ansinh.payments import service as payments

    share = payments.account_share(db_session=db_session, month=today())
    parts = {k: v for k, v in (("urban", share.urban), ("rural", share.rural)) if v is not None}
    return Value(share.overall or 0.0, parts)


def _ui_records(db_session: Session) -> Value:
    from ansinh.unemployment import service as unemployment

    done = unemployment.figures(db_session=db_session)
    parts = {"decisions_applied": done.decisions_applied, "people_paid": done.people_with_benefit}
    return Value(done.records_provided, parts)


def _integrated_records(db_session: Session) -> Value:
    from ansinh.lifeevents import service as lifeevents

    chains = lifeevents.chain_counts(db_session=db_session)
    handled = sum(c.handled for c in chains)
    within = sum(c.within_deadline for c in chains)
    parts: dict[str, int | float] = {c.kind: c.handled for c in chains}
    return Value(
        handled, parts | {"within_deadline": within, "within_deadline_pct": _share(within, handled)}
    )


def _ui_paid_in_time(db_session: Session) -> Value | None:
    from ansinh.unemployment import service as unemployment

    done = unemployment.figures(db_session=db_session)
    parts = {
        "months_paid": done.months_paid,
        "paid_within_5_working_days": done.paid_within_limit,
        "unpaid_past_due": done.late_open,
    }
    if not done.months_paid and not done.late_open:
        return None
    return Value(_share(done.paid_within_limit, done.months_paid), parts)


def _metric(metric: str) -> Compute:
    return lambda db_session: Value(usage.total(db_session=db_session, metric=metric))


FIGURES = (
    Figure(
        "citizens_authenticated",
        {
            "vi": "Công dân đã xác thực với CSDL quốc gia về dân cư",
            "en": "Citizens authenticated against the population register",
        },
        "linkage",
        _citizens_authenticated,
    ),
    Figure(
        "participants_authenticated",
        {
            "vi": "Người tham gia BHXH đã xác thực (%)",
            "en": "SI participants authenticated (%)",
        },
        "linkage",
        _participants_authenticated,
        percent=True,
    ),
    Figure(
        "hi_eligibility_checks",
        {"vi": "Lượt tra cứu thẻ BHYT khi khám chữa bệnh", "en": "HI eligibility checks"},
        "health",
        _hi_checks,
    ),
    Figure(
        "integrated_procedure_records",
        {
            "vi": "Hồ sơ liên thông (khai sinh, khai tử) đã giải quyết",
            "en": "Integrated-procedure records processed (birth, death)",
        },
        "lifeevents",
        _integrated_records,
    ),
    Figure(
        "ui_records_provided",
        {"vi": "Hồ sơ BHTN đã cung cấp", "en": "Unemployment-insurance records provided"},
        "unemployment",
        _ui_records,
    ),
    Figure(
        "ui_paid_within_limit",
        {
            "vi": "Tháng trợ cấp thất nghiệp chi trả trong 5 ngày làm việc (%)",
            "en": "Unemployment-benefit months paid within 5 working days (%)",
        },
        "unemployment",
        _ui_paid_in_time,
        percent=True,
    ),
    Figure(
        "online_services",
        {"vi": "Dịch vụ công trực tuyến toàn trình", "en": "Full-process online services"},
        "services",
        _online_services,
    ),
    Figure(
        "service_applications",
        {"vi": "Hồ sơ dịch vụ công theo kênh nộp", "en": "Online-service applications by channel"},
        "services",
        _applications_by_channel,
    ),
    Figure(
        "service_applications_by_procedure",
        {
            "vi": "Thủ tục có hồ sơ (số hồ sơ theo mã thủ tục)",
            "en": "Procedures with applications (applications per procedure code)",
        },
        "services",
        _applications_by_service,
    ),
    Figure(
        "service_decided_in_time",
        {
            "vi": "Hồ sơ giải quyết đúng hạn (%)",
            "en": "Applications decided within the deadline (%)",
        },
        "services",
        _decided_in_time,
        percent=True,
    ),
    Figure(
        "pensioners_paid_to_accounts",
        {
            "vi": "Người hưởng lương hưu nhận qua tài khoản (thành thị / nông thôn, %)",
            "en": "Pensioners paid into accounts (urban / rural, %)",
        },
        "payments",
        _paid_to_accounts,
        percent=True,
    ),
    Figure(
        "eid_app_queries",
        {"vi": "Lượt tra cứu qua ứng dụng VNeID", "en": "Queries from the e-ID app"},
        "partners",
        _metric(usage.EID_APP_QUERIES),
    ),
    Figure(
        "eid_logins",
        {"vi": "Lượt đăng nhập bằng định danh điện tử", "en": "Logins with the national e-ID"},
        "portal",
        _metric(usage.EID_LOGINS),
    ),
)
