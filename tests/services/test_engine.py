"""Every catalogue entry: online ones submitted, decided and their result fetched; the others
show why they are not online. Then the engine's rules: paused clocks, maker-checker, viruses,
withdrawal."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import ProblemError
from ansinh.core.events.models import OutboxEvent
from ansinh.core.security.actor import Actor
from ansinh.documents import service as documents
from ansinh.services import service
from ansinh.services.catalogue import catalogue
from ansinh.services.enums import ApplicationStatus
from ansinh.services.exceptions import (
    AlreadyOpen,
    FileRefused,
    FourEyes,
    LevelTooLow,
    ServiceNotFound,
    WrongStatus,
)
from ansinh.services.models import Application
from ansinh.services.scanning import EICAR
from ansinh.services.schemas import FileIn
from tests.services.conftest import CHECKER, DAY, MAKER, Submit

ONLINE = sorted(code for code, p in catalogue().items() if p.available)
OFFLINE = sorted(code for code, p in catalogue().items() if not p.available)


def test_the_catalogue_holds_every_procedure_of_the_2026_list() -> None:
    codes = set(catalogue())
    short_term = {f"1.0141{n}" for n in range(63, 71)}
    ui = {f"1.0147{n}" for n in range(46, 55)}
    assert short_term | ui | {"1.014185", "1.014171", "1.006714", "2.000986"} <= codes
    assert len(ONLINE) >= 10
    old = catalogue()["1.001667"]
    assert old.valid_to == date(2025, 6, 30) and old.replaced_by == "1.014163"


def _decide(db_session: Session, application: Application) -> None:
    if application.status == ApplicationStatus.SUBMITTED:
        service.take_into_review(db_session=db_session, application=application, actor=MAKER)
    if application.status == ApplicationStatus.IN_REVIEW:
        service.decide(db_session=db_session, application=application, actor=MAKER, approve=True)
    if application.status == ApplicationStatus.PROPOSED:
        service.confirm(db_session=db_session, application=application, actor=CHECKER)


@pytest.mark.parametrize("code", ONLINE)
def test_every_online_procedure_is_submitted_decided_and_its_result_fetched(
    code: str, db_session: Session, submit: Submit, applicant: str
) -> None:
    with clock.frozen_at(DAY):
        application = submit(code)
        assert application.due_on is not None and application.due_on > DAY
        _decide(db_session, application)
    assert application.status == ApplicationStatus.DECIDED
    assert application.result, "the verb says what it did"
    if application.result.get("claim_status") == "refused":  # the benefits engine's own refusal
        assert application.outcome == "rejected" and application.reason
    else:
        assert application.outcome == "approved", application.reason
    assert application.document_id is not None
    body = documents.read_pdf(
        db_session=db_session,
        actor=Actor(kind="citizen", id=applicant),
        si_number=applicant,
        document_id=application.document_id,
        purpose="test",
    )
    verdict = documents.verify_pdf(db_session=db_session, data=body)
    assert verdict.status == "genuine" and verdict.kind == "service-result"
    steps = [e.status for e in application.events]
    assert steps[0] == "submitted" and steps[-1] == "decided"


@pytest.mark.parametrize("code", OFFLINE)
def test_every_offline_procedure_says_why(code: str) -> None:
    procedure = catalogue()[code]
    assert len(procedure.reason.vi) > 20 and len(procedure.reason.en) > 20
    with pytest.raises(ServiceNotFound):
        service.get_service(code)


def test_the_catalogue_page_shows_the_reasons(client: TestClient) -> None:
    page = client.get("/services").text
    for code in OFFLINE:
        assert f'data-code="{code}"' in page
        assert catalogue()[code].reason.vi in page


def test_a_missing_document_pauses_the_clock_and_moves_the_deadline(
    db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):  # Monday 5 October: 5 working days → Monday 12 October
        application = submit("1.014163")
        assert application.due_on == date(2026, 10, 12)
        service.take_into_review(db_session=db_session, application=application, actor=MAKER)
    with clock.frozen_at(date(2026, 10, 6)):
        service.request_documents(
            db_session=db_session,
            application=application,
            actor=MAKER,
            note="Giấy ra viện bản chụp bị mờ, đề nghị gửi lại.",
        )
        assert application.status == ApplicationStatus.INCOMPLETE
    with clock.frozen_at(date(2026, 10, 9)):  # Friday: 7, 8, 9 October were paused
        assert not service.is_overdue(application, date(2026, 10, 20))
        service.complete(
            db_session=db_session,
            application=application,
            actor=Actor(kind="citizen", id=application.si_number),
            files=[FileIn("sick-leave", "giay-ra-vien.pdf", "application/pdf", b"%PDF-1.4 ok")],
        )
    assert application.paused_days == 3
    assert application.due_on == date(2026, 10, 15)
    assert application.status == ApplicationStatus.IN_REVIEW
    assert [e.status for e in application.events][-2:] == ["incomplete", "in_review"]


def test_a_file_without_its_required_document_waits_for_it(
    db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014163", with_files=False)
    assert application.status == ApplicationStatus.INCOMPLETE
    assert "Giấy chứng nhận nghỉ việc" in (application.events[-1].note or "")
    with clock.frozen_at(date(2026, 10, 7)), pytest.raises(ProblemError):
        service.complete(db_session=db_session, application=application, actor=MAKER)


def test_an_infected_attachment_is_refused(db_session: Session, submit: Submit) -> None:
    procedure = service.get_service("1.014163")
    with clock.frozen_at(DAY), pytest.raises(FileRefused, match="virus"):
        service.submit(
            db_session=db_session,
            service=procedure,
            si_number=submit("1.014185").si_number,
            level=2,
            answers={"period_from": "2026-09-28", "channel": "cash"},
            actor=MAKER,
            applicant_kind="citizen",
            files=[FileIn("sick-leave", "scan.pdf", "application/pdf", b"%PDF " + EICAR)],
        )


def test_wrong_type_and_oversized_attachments_are_refused(
    db_session: Session, submit: Submit
) -> None:
    si = submit("1.014185").si_number
    procedure = service.get_service("1.014163")
    for file, reason in [
        (FileIn("sick-leave", "a.exe", "application/x-msdownload", b"MZ"), "not accepted"),
        (FileIn("sick-leave", "a.pdf", "application/pdf", b"0" * 5_000_001), "larger"),
        (FileIn("passport", "a.pdf", "application/pdf", b"%PDF"), "not a document"),
    ]:
        with clock.frozen_at(DAY), pytest.raises(FileRefused, match=reason):
            service.submit(
                db_session=db_session,
                service=procedure,
                si_number=si,
                level=2,
                answers={"period_from": "2026-09-28", "channel": "cash"},
                actor=MAKER,
                files=[file],
            )


def test_maker_checker_refuses_the_same_officer(db_session: Session, submit: Submit) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014171")
        service.take_into_review(db_session=db_session, application=application, actor=MAKER)
        service.decide(db_session=db_session, application=application, actor=MAKER, approve=True)
        assert application.status == ApplicationStatus.PROPOSED
        with pytest.raises(FourEyes):
            service.confirm(db_session=db_session, application=application, actor=MAKER)
        with pytest.raises(IntegrityError), db_session.begin_nested():
            db_session.execute(
                update(Application)
                .where(Application.application_id == application.application_id)
                .values(checker=MAKER.id)
            )
        service.confirm(db_session=db_session, application=application, actor=CHECKER)
    assert application.status == ApplicationStatus.DECIDED
    assert (application.maker, application.checker) == (MAKER.id, CHECKER.id)


def test_a_refusal_needs_a_reason_and_is_sealed(db_session: Session, submit: Submit) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014162")
        service.take_into_review(db_session=db_session, application=application, actor=MAKER)
        with pytest.raises(ProblemError):
            service.decide(
                db_session=db_session, application=application, actor=MAKER, approve=False
            )
        service.decide(
            db_session=db_session,
            application=application,
            actor=MAKER,
            approve=False,
            note="Địa chỉ không khớp với dữ liệu dân cư.",
        )
    assert application.outcome == "rejected" and application.document_id
    assert application.reason == "Địa chỉ không khớp với dữ liệu dân cư."


def test_the_applicant_withdraws_and_may_file_again(db_session: Session, submit: Submit) -> None:
    with clock.frozen_at(DAY):
        first = submit("1.014162")
        with pytest.raises(AlreadyOpen):
            submit("1.014162")
        service.withdraw(
            db_session=db_session,
            application=first,
            actor=Actor(kind="citizen", id=first.si_number),
        )
        with pytest.raises(WrongStatus):
            service.withdraw(db_session=db_session, application=first, actor=MAKER)
        second = submit("1.014162")
    assert first.status == ApplicationStatus.WITHDRAWN and second.status == "submitted"


def test_every_step_is_an_event_for_the_applicant_and_the_national_portal(
    db_session: Session, submit: Submit
) -> None:
    with clock.frozen_at(DAY):
        application = submit("1.014185")
    sent = db_session.query(OutboxEvent).filter(OutboxEvent.name == "ApplicationStatusChanged")
    statuses = [
        e.payload["status"] for e in sent if e.payload["reference"] == application.reference
    ]
    assert statuses == ["submitted", "in_review", "decided"]


def test_a_level_two_procedure_refuses_a_level_one_login(
    db_session: Session, applicant: str
) -> None:
    with pytest.raises(LevelTooLow):
        service.submit(
            db_session=db_session,
            service=service.get_service("1.014176"),
            si_number=applicant,
            level=1,
            answers={},
            actor=Actor(kind="citizen", id=applicant),
        )


def test_a_bad_form_names_the_fields(db_session: Session, applicant: str) -> None:
    with pytest.raises(ProblemError) as refused:
        service.submit(
            db_session=db_session,
            service=service.get_service("1.014162"),
            si_number=applicant,
            level=2,
            answers={"province_code": "7", "street": ""},
            actor=Actor(kind="citizen", id=applicant),
        )
    fields = {e["field"] for e in refused.value.extensions["errors"]}
    assert {"province_code", "commune_code"} <= fields
