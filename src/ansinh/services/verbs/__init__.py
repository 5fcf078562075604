"""The verbs procedures end in: small adapters that call the owning domain's `service`.

A catalogue entry names its verb; the verb checks the form against the domain at submission
(`check`) and carries the approved application out (`apply`). A verb imports its domain only when
called, so a deployment without that domain simply lists the procedure as not online.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ansinh.core.security.actor import Actor
    from ansinh.services.models import Application


@dataclass(frozen=True)
class Done:
    """What a verb did: facts for the applicant (label keys of LABELS), or the domain's refusal."""

    facts: dict[str, str] = field(default_factory=dict)
    refusal: str | None = None


class CheckFn(Protocol):
    """Refuse an application at submission (raise a ProblemError) if it cannot succeed."""

    def __call__(
        self, *, db_session: Session, si_number: str, answers: dict[str, Any], args: dict[str, str]
    ) -> None: ...


class ApplyFn(Protocol):
    """Carry out an approved application through the owning domain."""

    def __call__(
        self, *, db_session: Session, application: Application, actor: Actor, args: dict[str, str]
    ) -> Done: ...


@dataclass(frozen=True)
class Verb:
    """A verb and the domain it needs."""

    domain: str
    check: CheckFn
    apply: ApplyFn


# What each fact a verb returns is called on the result document (Vietnamese, English).
LABELS: dict[str, tuple[str, str]] = {
    "document_id": ("Số văn bản kèm theo", "Document issued"),
    "address": ("Địa chỉ mới", "New address"),
    "account_ending": ("Tài khoản (4 số cuối)", "Account (last 4 digits)"),
    "bank": ("Ngân hàng", "Bank"),
    "effective_on": ("Có hiệu lực từ ngày", "Effective from"),
    "facility_code": ("Cơ sở khám chữa bệnh ban đầu", "Primary-care facility"),
    "claim_reference": ("Số hồ sơ hưởng", "Benefit claim"),
    "claim_status": ("Tình trạng hồ sơ hưởng", "Benefit claim status"),
    "claim_hold_reason": ("Hồ sơ hưởng đang chờ vì", "The claim waits because"),
    "ui_claim": ("Hồ sơ gửi Trung tâm dịch vụ việc làm", "Claim forwarded to the job centre"),
    "certificate": ("Số giấy chứng nhận", "Certificate number"),
}


def _registry() -> dict[str, Verb]:
    from ansinh.services.verbs import benefits, coverage, health, payments, records, unemployment

    return {
        "si-confirmation": Verb("contributions", records.confirm_check, records.confirm_apply),
        "registry-address": Verb("registry", records.address_check, records.address_apply),
        "payment-channel": Verb("payments", payments.channel_check, payments.channel_apply),
        "hi-primary-care": Verb("health", health.primary_care_check, health.primary_care_apply),
        "hi-card-reissue": Verb("health", health.reissue_check, health.reissue_apply),
        "benefit-claim": Verb("benefits", benefits.claim_check, benefits.claim_apply),
        "ui-claim": Verb("unemployment", unemployment.claim_check, unemployment.claim_apply),
        "coverage-certificate": Verb("coverage", coverage.posting_check, coverage.posting_apply),
    }


VERBS: dict[str, Verb] = _registry()
