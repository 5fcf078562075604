"""The application engine: submit, check, review, request documents, decide, withdraw.

Every procedure of the catalogue goes through the same steps; what differs is data (the YAML
entry: form, attachments, deadline, maker-checker) and the verb it ends in. The statutory clock
runs from the day a file is received and pauses while the applicant owes documents (the paused
working days move the deadline on). Each step adds to the timeline and records
`ApplicationStatusChanged` (the applicant's notification and the national portal's report).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.audit import service as audit
from ansinh.core.errors import Unprocessable
from ansinh.core.events.service import record
from ansinh.core.security.actor import SYSTEM, Actor
from ansinh.documents import service as documents
from ansinh.documents.schemas import ServicePaper
from ansinh.identity.banks import Bank, banks_in_force
from ansinh.registry import service as registry
from ansinh.rules.calendar import add_days_excluding_holidays, add_working_days, is_working_day
from ansinh.services import scanning
from ansinh.services.catalogue import Procedure, catalogue
from ansinh.services.enums import OPEN, ApplicationStatus
from ansinh.services.exceptions import (
    AlreadyOpen,
    ApplicationNotFound,
    FileRefused,
    FourEyes,
    LevelTooLow,
    NotAFiler,
    ServiceNotFound,
    WrongStatus,
)
from ansinh.services.models import Application, ApplicationEvent, Attachment
from ansinh.services.schemas import ApplicationStatusChanged, FileIn
from ansinh.services.verbs import LABELS, VERBS

if TYPE_CHECKING:  # registry.get_person returns it; nothing here touches the registry's tables
    from ansinh.registry.models import Person

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RESOURCE = "services.application"
KINDS_BY_CHANNEL = {"national_portal": "citizen", "portal": "citizen", "eid_app": "citizen"}


def get_service(code: str) -> Procedure:
    """The online procedure with `code`, or ServiceNotFound."""
    procedure = catalogue().get(code)
    if procedure is None or not procedure.available:
        raise ServiceNotFound()
    return procedure


def get_procedure(code: str) -> Procedure | None:
    """Any procedure of the catalogue (online or not), or None."""
    return catalogue().get(code)


def banks() -> list[Bank]:
    """The banks benefits can be paid into today, by short name (for the bank-account form)."""
    return banks_in_force()


def _reference() -> str:
    return "HS-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def due_on(procedure: Procedure, received: date, paused_days: int = 0) -> date:
    """The deadline: the procedure's days from `received` in its unit, plus the paused days."""
    days = procedure.deadline.days
    unit = procedure.deadline.unit
    if unit == "working":
        return add_working_days(received, days + paused_days)
    base = (
        add_days_excluding_holidays(received, days)
        if unit == "calendar_excluding_holidays"
        else received + timedelta(days=days)
    )
    return add_working_days(base, paused_days) if paused_days else base


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def coerce(procedure: Procedure, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers typed as the schema says (a web form sends strings); blanks are left out."""
    properties: dict[str, Any] = procedure.form.get("properties", {})
    typed: dict[str, Any] = {}
    for key, value in answers.items():
        kind = properties.get(key, {}).get("type")
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            if kind == "integer" and value.lstrip("-").isdigit():
                value = int(value)
            elif kind == "number":
                with contextlib.suppress(ValueError):
                    value = float(value)
            elif kind == "boolean":
                value = value.lower() in ("on", "true", "1", "yes")
        typed[key] = value
    return typed


def _field_of(error: Any) -> str:
    if error.validator == "required":
        return str(error.message).split("'")[1]
    if error.validator == "additionalProperties":
        return "form"
    return ".".join(str(p) for p in error.path) or "form"


def validate(procedure: Procedure, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers checked against the procedure's JSON Schema, or Unprocessable naming fields."""
    typed = coerce(procedure, answers)
    validator = Draft202012Validator(procedure.form, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(typed), key=lambda e: list(e.path))
    if errors:
        found = [
            {"field": _field_of(e), "kind": str(e.validator), "reason": e.message} for e in errors
        ]
        raise Unprocessable("; ".join(f"{f['field']}: {f['reason']}" for f in found), errors=found)
    return typed


def _check_file(procedure: Procedure, file: FileIn) -> str:
    rule = next((a for a in procedure.attachments if a.kind == file.kind), None)
    if rule is None:
        raise FileRefused(f"{file.kind}: not a document this procedure takes")
    if file.media_type not in rule.media_types:
        raise FileRefused(f"{file.kind}: a {file.media_type} file is not accepted")
    if len(file.content) > rule.max_bytes:
        raise FileRefused(f"{file.kind}: the file is larger than {rule.max_bytes // 1_000_000} MB")
    if not file.content:
        raise FileRefused(f"{file.kind}: the file is empty")
    threat = scanning.scan(file.content)
    if threat is not None:
        raise FileRefused(f"{file.kind}: the file contains a virus ({threat})")
    return hashlib.sha256(file.content).hexdigest()


def _attach(procedure: Procedure, application: Application, files: Sequence[FileIn]) -> None:
    for file in files:
        digest = _check_file(procedure, file)
        application.attachments.append(
            Attachment(
                kind=file.kind,
                filename=file.filename[:200],
                media_type=file.media_type,
                size=len(file.content),
                sha256=digest,
                content=file.content,
            )
        )


def missing_documents(procedure: Procedure, application: Application) -> list[str]:
    """The required documents the file still lacks (their kinds)."""
    sent = {a.kind for a in application.attachments}
    return [a.kind for a in procedure.attachments if a.required and a.kind not in sent]


def _event(
    db_session: Session, application: Application, actor: Actor, note: str | None = None
) -> None:
    application.events.append(
        ApplicationEvent(
            status=application.status, actor_kind=actor.kind, actor_id=actor.id, note=note
        )
    )
    record(
        db_session=db_session,
        event=ApplicationStatusChanged(
            reference=application.reference,
            service_code=application.service_code,
            status=application.status,
            outcome=application.outcome,
            channel=application.channel,
            external_reference=application.external_reference,
            at=clock.now(),
            note_vi=note,
        ),
    )


def submit(
    *,
    db_session: Session,
    service: Procedure,
    si_number: str,
    level: int,
    answers: dict[str, Any],
    actor: Actor,
    channel: str = "portal",
    external_reference: str | None = None,
    applicant_kind: str | None = None,
    files: Sequence[FileIn] = (),
) -> Application:
    """File an application: e-ID level, who files, form, files and the verb's checks first.

    A file without its required documents is kept as incomplete (the clock has not started);
    automatic procedures are decided at once.
    """
    kind = applicant_kind or KINDS_BY_CHANNEL.get(channel, "citizen")
    if kind not in service.filers:
        raise NotAFiler(kind)
    if kind == "citizen" and level < service.min_eid_level:
        raise LevelTooLow(service.min_eid_level)
    typed = validate(service, answers)
    open_one = db_session.scalar(
        select(Application.reference).where(
            Application.si_number == si_number,
            Application.service_code == service.code,
            Application.status.in_(OPEN),
        )
    )
    if open_one is not None:
        raise AlreadyOpen(open_one)
    assert service.verb is not None
    verb = VERBS[service.verb]
    verb.check(db_session=db_session, si_number=si_number, answers=typed, args=service.verb_args)
    person = registry.get_person(db_session=db_session, si_number=si_number)
    today = clock.today()
    application = Application(
        reference=_reference(),
        service_code=service.code,
        si_number=si_number,
        level=level,
        status=ApplicationStatus.SUBMITTED,
        payload=typed,
        channel=channel,
        external_reference=external_reference,
        applicant_kind=kind,
        applicant_id=actor.id,
        province_code=person.province_code,
        received_on=today,
        due_on=due_on(service, today),
        paused_days=0,
    )
    _attach(service, application, files)
    _event(db_session, application, actor)
    db_session.add(application)
    db_session.flush()
    missing = missing_documents(service, application)
    if missing:
        _pause(db_session, application, SYSTEM, _missing_note(service, missing))
    elif service.review == "automatic":
        take_into_review(db_session=db_session, application=application, actor=SYSTEM)
        decide(db_session=db_session, application=application, actor=SYSTEM, approve=True)
    return application


def _missing_note(procedure: Procedure, kinds: list[str]) -> str:
    titles = [a.title_vi for a in procedure.attachments if a.kind in kinds]
    return "Hồ sơ còn thiếu: " + "; ".join(titles)


def _pause(db_session: Session, application: Application, actor: Actor, note: str) -> None:
    application.status = ApplicationStatus.INCOMPLETE
    application.paused_on = clock.today()
    _event(db_session, application, actor, note)
    db_session.flush()


def take_into_review(*, db_session: Session, application: Application, actor: Actor) -> None:
    """Move a submitted application into review (the officer taking it is its assignee)."""
    if application.status != ApplicationStatus.SUBMITTED:
        raise WrongStatus(application.status)
    application.status = ApplicationStatus.IN_REVIEW
    if actor.kind == "officer" and application.assignee is None:
        application.assignee = actor.id
    _event(db_session, application, actor)
    db_session.flush()


def request_documents(
    *, db_session: Session, application: Application, actor: Actor, note: str
) -> None:
    """Ask the applicant for missing documents: the statutory clock stops until they send them."""
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW):
        raise WrongStatus(application.status)
    if not note.strip():
        raise Unprocessable("say which documents are missing")
    _pause(db_session, application, actor, note.strip()[:500])


def complete(
    *,
    db_session: Session,
    application: Application,
    actor: Actor,
    files: Sequence[FileIn] = (),
) -> None:
    """The applicant completes the file: the clock resumes, the paused working days added."""
    if application.status != ApplicationStatus.INCOMPLETE or application.paused_on is None:
        raise WrongStatus(application.status)
    procedure = _procedure(application)
    _attach(procedure, application, files)
    missing = missing_documents(procedure, application)
    if missing:
        raise Unprocessable(_missing_note(procedure, missing))
    paused = working_days_between(application.paused_on, clock.today())
    application.paused_days += paused
    application.paused_on = None
    application.due_on = due_on(
        procedure, application.received_on or clock.today(), application.paused_days
    )
    application.status = ApplicationStatus.IN_REVIEW
    _event(db_session, application, actor, f"Đã bổ sung hồ sơ; tạm dừng {paused} ngày làm việc")
    db_session.flush()
    if procedure.review == "automatic":
        decide(db_session=db_session, application=application, actor=SYSTEM, approve=True)


def _procedure(application: Application) -> Procedure:
    procedure = get_procedure(application.service_code)
    if procedure is None:
        raise ServiceNotFound()
    return procedure


def decide(
    *,
    db_session: Session,
    application: Application,
    actor: Actor,
    approve: bool,
    note: str | None = None,
) -> None:
    """Decide an application in review; where the procedure needs two officers, propose it."""
    if application.status != ApplicationStatus.IN_REVIEW:
        raise WrongStatus(application.status)
    reason = (note or "").strip() or None
    if not approve and reason is None:
        raise Unprocessable("a refusal needs a written reason the applicant can read")
    procedure = _procedure(application)
    if procedure.maker_checker and actor.kind != SYSTEM.kind:
        application.status = ApplicationStatus.PROPOSED
        application.maker = actor.id
        application.proposed_outcome = "approved" if approve else "rejected"
        application.reason = reason
        _event(db_session, application, actor, reason)
        db_session.flush()
        return
    application.maker = actor.id
    _finish(db_session, procedure, application, actor, approve, reason)


def confirm(*, db_session: Session, application: Application, actor: Actor) -> None:
    """A second officer confirms the proposed decision (never its maker)."""
    if application.status != ApplicationStatus.PROPOSED:
        raise WrongStatus(application.status)
    if actor.id == application.maker or actor.kind == SYSTEM.kind:
        raise FourEyes()
    application.checker = actor.id
    approve = application.proposed_outcome == "approved"
    _finish(db_session, _procedure(application), application, actor, approve, application.reason)


def send_back(*, db_session: Session, application: Application, actor: Actor, note: str) -> None:
    """A checker returns a proposed decision to review, with the reason."""
    if application.status != ApplicationStatus.PROPOSED:
        raise WrongStatus(application.status)
    if actor.id == application.maker:
        raise FourEyes()
    application.status = ApplicationStatus.IN_REVIEW
    application.maker = application.proposed_outcome = application.reason = None
    _event(db_session, application, actor, note.strip()[:500] or None)
    db_session.flush()


def _finish(
    db_session: Session,
    procedure: Procedure,
    application: Application,
    actor: Actor,
    approve: bool,
    reason: str | None,
) -> None:
    facts: dict[str, str] = {}
    if approve:
        assert procedure.verb is not None
        done = VERBS[procedure.verb].apply(
            db_session=db_session, application=application, actor=actor, args=procedure.verb_args
        )
        facts = done.facts
        if done.refusal is not None:
            approve, reason = False, done.refusal
    application.result = facts
    application.status = ApplicationStatus.DECIDED
    application.outcome = "approved" if approve else "rejected"
    application.reason = reason
    application.decided_at = clock.now()
    paper = ServicePaper(
        reference=application.reference,
        code=procedure.code,
        name_vi=procedure.name.vi,
        name_en=procedure.name.en,
        received_on=application.received_on or clock.today(),
        due_on=application.due_on or clock.today(),
        outcome="approved" if approve else "rejected",
        reason=reason,
        facts=tuple((*LABELS.get(k, (k, k)), _shown(k, v)) for k, v in facts.items()),
    )
    issued = documents.issue_service_result(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        paper=paper,
        purpose=f"result of online service application {application.reference}",
    )
    application.document_id = issued.document_id
    _event(db_session, application, actor, reason)
    db_session.flush()


def _shown(key: str, value: str) -> str:
    """A fact as printed: ISO days as dd/mm/yyyy."""
    if key.endswith("_on"):
        with contextlib.suppress(ValueError):
            return f"{date.fromisoformat(value):%d/%m/%Y}"
    return value


def result_facts(application: Application, language: str) -> list[tuple[str, str]]:
    """The result's facts as (label, value) in `language` (documents are linked, not listed)."""
    index = 0 if language == "vi" else 1
    return [
        (LABELS.get(k, (k, k))[index], _shown(k, str(v)))
        for k, v in (application.result or {}).items()
        if k != "document_id"
    ]


def withdraw(*, db_session: Session, application: Application, actor: Actor) -> None:
    """The applicant withdraws an application not yet decided."""
    if application.status not in OPEN:
        raise WrongStatus(application.status)
    application.status = ApplicationStatus.WITHDRAWN
    application.paused_on = None
    _event(db_session, application, actor)
    db_session.flush()


def reassign(*, db_session: Session, application: Application, actor: Actor, to: str) -> None:
    """Give an open application to another officer (recorded on the timeline)."""
    if application.status not in OPEN:
        raise WrongStatus(application.status)
    application.assignee = to
    application.events.append(
        ApplicationEvent(
            status=application.status,
            actor_kind=actor.kind,
            actor_id=actor.id,
            note=f"Chuyển cho cán bộ {to}",
        )
    )
    db_session.flush()


def list_for_person(*, si_number: str) -> Select[Application]:
    """A person's applications, newest first."""
    return (
        select(Application)
        .where(Application.si_number == si_number)
        .order_by(Application.application_id.desc())
    )


def get_for_person(*, db_session: Session, si_number: str, reference: str) -> Application:
    """The person's application with `reference`; another person's is simply not found."""
    application = db_session.scalar(
        select(Application).where(
            Application.reference == reference, Application.si_number == si_number
        )
    )
    if application is None:
        raise ApplicationNotFound()
    return application


def is_news(application: Application) -> bool:
    """A step the applicant has not seen yet, taken by someone else (their notification)."""
    if not application.events:
        return False
    last = application.events[-1]
    return last.event_id > (application.seen_event_id or 0) and last.actor_id != (
        application.applicant_id or ""
    )


def mark_seen(*, db_session: Session, application: Application) -> None:
    """The applicant has seen every step so far."""
    if application.events:
        application.seen_event_id = application.events[-1].event_id
        db_session.flush()


def get_by_reference(*, db_session: Session, reference: str) -> Application:
    """The application with `reference`, for officers and partners."""
    application = db_session.scalar(select(Application).where(Application.reference == reference))
    if application is None:
        raise ApplicationNotFound()
    return application


def _audit_read(db_session: Session, actor: Actor, application: Application, purpose: str) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[application.si_number],
        action="read",
        resource=RESOURCE,
        purpose=purpose,
    )


def get_for_filer(*, db_session: Session, reference: str, actor: Actor) -> Application:
    """An application the calling client filed; anyone else's is not found (the read audited)."""
    application = get_by_reference(db_session=db_session, reference=reference)
    if application.applicant_id != actor.id:
        raise ApplicationNotFound()
    _audit_read(db_session, actor, application, "employer reads its application")
    return application


def read_result(*, db_session: Session, reference: str, actor: Actor) -> bytes:
    """The sealed result of an application the calling client filed (the read is audited)."""
    application = get_for_filer(db_session=db_session, reference=reference, actor=actor)
    if application.document_id is None:
        raise ApplicationNotFound()
    return documents.read_pdf(
        db_session=db_session,
        actor=actor,
        si_number=application.si_number,
        document_id=application.document_id,
        purpose="employer reads the result of its application",
    )


def read_for_review(
    *, db_session: Session, actor: Actor, reference: str, purpose: str
) -> tuple[Application, Person]:
    """An application with its applicant's record, for an officer; the read is audited."""
    application = get_by_reference(db_session=db_session, reference=reference)
    person = registry.get_person(db_session=db_session, si_number=application.si_number)
    _audit_read(db_session, actor, application, purpose)
    return application, person


def read_attachment(
    *, db_session: Session, actor: Actor, reference: str, attachment_id: int, purpose: str
) -> Attachment:
    """One attachment of an application, for an officer; the read is audited."""
    application = get_by_reference(db_session=db_session, reference=reference)
    found = next((a for a in application.attachments if a.attachment_id == attachment_id), None)
    if found is None:
        raise ApplicationNotFound()
    _audit_read(db_session, actor, application, purpose)
    return found


def queue(
    *,
    province_code: str | None = None,
    service_code: str | None = None,
    overdue_on: date | None = None,
) -> Select[Application]:
    """Open applications, soonest deadline first; by province, service, or overdue on a day."""
    statement = select(Application).where(Application.status.in_(OPEN))
    if province_code:
        statement = statement.where(Application.province_code == province_code)
    if service_code:
        statement = statement.where(Application.service_code == service_code)
    if overdue_on is not None:
        statement = statement.where(
            Application.due_on < overdue_on,
            Application.status != ApplicationStatus.INCOMPLETE,
        )
    return statement.order_by(Application.due_on.nulls_last(), Application.application_id)


def is_overdue(application: Application, on: date | None = None) -> bool:
    """Open, not waiting for the applicant, and past its deadline."""
    day = on or clock.today()
    return (
        application.status in OPEN
        and application.status != ApplicationStatus.INCOMPLETE
        and application.due_on is not None
        and application.due_on < day
    )


@dataclass(frozen=True)
class Figures:
    """Applications counted for the scorecard."""

    by_service: dict[str, int]
    by_channel: dict[str, int]
    decided: int
    decided_in_time: int


def figures(*, db_session: Session) -> Figures:
    """Applications per service and per channel; decided ones, and those decided by the deadline."""
    per_service = select(Application.service_code, func.count()).group_by(Application.service_code)
    per_channel = select(Application.channel, func.count()).group_by(Application.channel)
    by_service = {str(k): int(n) for k, n in db_session.execute(per_service)}
    by_channel = {str(k): int(n) for k, n in db_session.execute(per_channel)}
    decided_on = func.date(func.timezone("Asia/Ho_Chi_Minh", Application.decided_at))
    decided, in_time = db_session.execute(
        select(
            func.count(),
            func.count().filter(decided_on <= Application.due_on),
        ).where(Application.status == ApplicationStatus.DECIDED)
    ).one()
    return Figures(by_service, by_channel, int(decided), int(in_time))
