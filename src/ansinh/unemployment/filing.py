"""File a claim on the portal within the months the law allows; a monthly job-search notice."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.audit.service import AuditAction
from ansinh.core.errors import Conflict, NotFound, Unprocessable
from ansinh.core.jobs.queue import enqueue
from ansinh.core.security.actor import Actor
from ansinh.geo import current_provinces
from ansinh.rules.calendar import add_working_days, is_working_day
from ansinh.rules.history import month_start, same_day_months_later
from ansinh.rules.reads import law
from ansinh.unemployment.models import Claim, Notice
from ansinh.unemployment.schemas import ClaimIn

FORWARD_CLAIM = "unemployment:forward-claim"
FORWARD_NOTICE = "unemployment:forward-notice"
OPEN = ("filed", "forwarded")
RESOURCE = "unemployment.claim"


def filing_deadline(terminated_on: date) -> date:
    """The last day to file: the same day so many months later, or the next working day."""
    months = int(str(law("unemployment/filing_deadline_months", terminated_on)))
    day = same_day_months_later(terminated_on, months)
    return day if is_working_day(day) else add_working_days(day, 1)


def file_claim(
    *, db_session: Session, si_number: str, claim_in: ClaimIn, actor: Actor, purpose: str
) -> Claim:
    """File a claim for `si_number` and queue its forwarding to the province's centre.

    Refused (422, with the reason in Vietnamese) after the filing deadline, for a termination
    in the future or an unknown province; 409 while another claim waits for a decision.
    """
    today = clock.today()
    if claim_in.terminated_on > today:
        raise Unprocessable("Ngày chấm dứt hợp đồng lao động không thể ở tương lai.")
    deadline = filing_deadline(claim_in.terminated_on)
    if today > deadline:
        raise Unprocessable(
            f"Đã quá hạn nộp hồ sơ: hạn cuối là ngày {deadline:%d/%m/%Y}, 3 tháng kể từ ngày "
            "chấm dứt hợp đồng lao động.",
            deadline=deadline.isoformat(),
        )
    if claim_in.province_code not in {p.code for p in current_provinces()}:
        raise Unprocessable("Tỉnh, thành phố không có trong danh mục hiện hành.")
    waiting = select(Claim.claim_id).where(Claim.si_number == si_number, Claim.status.in_(OPEN))
    if db_session.scalar(waiting) is not None:
        raise Conflict("Bạn đã có một hồ sơ đang chờ quyết định.")
    claim = Claim(
        claim_id=uuid.uuid4(),
        si_number=si_number,
        province_code=claim_in.province_code,
        terminated_on=claim_in.terminated_on,
        filed_on=today,
        status="filed",
    )
    db_session.add(claim)
    db_session.flush()
    enqueue(db_session, FORWARD_CLAIM, {"claim_id": str(claim.claim_id)})
    _audit(db_session, si_number, actor, purpose, "create")
    return claim


def claims_of(*, db_session: Session, si_number: str, actor: Actor, purpose: str) -> list[Claim]:
    """A person's claims, newest first; the read is audited."""
    claims = list(
        db_session.scalars(
            select(Claim).where(Claim.si_number == si_number).order_by(Claim.created_at.desc())
        )
    )
    _audit(db_session, si_number, actor, purpose, "read")
    return claims


def file_notice(
    *,
    db_session: Session,
    si_number: str,
    claim_id: uuid.UUID,
    month: date,
    actor: Actor,
    purpose: str,
) -> bool:
    """Make the monthly job-search notice online (Mẫu 24); False if that month's was made."""
    claim = db_session.get(Claim, claim_id)
    if claim is None or claim.si_number != si_number:
        raise NotFound("Không tìm thấy hồ sơ trợ cấp thất nghiệp.")
    if claim.status not in ("granted", "suspended"):
        raise Unprocessable("Chỉ thông báo tìm kiếm việc làm khi đang hưởng trợ cấp.")
    made = db_session.execute(
        insert(Notice)
        .values(claim_id=claim_id, month=month_start(month))
        .on_conflict_do_nothing()
        .returning(Notice.claim_id)
    ).first()
    if made is not None:
        args = {"claim_id": str(claim_id), "month": month_start(month).isoformat()}
        enqueue(db_session, FORWARD_NOTICE, args)
    _audit(db_session, si_number, actor, purpose, "create")
    return made is not None


def _audit(
    db_session: Session, si_number: str, actor: Actor, purpose: str, action: AuditAction
) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[si_number],
        action=action,
        resource=RESOURCE,
        purpose=purpose,
    )
