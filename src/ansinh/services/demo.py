"""The demo's applications: a few dozen across procedures and channels, some of them overdue,
so the catalogue, the officers' queues, the supervisor's view and the scorecard show data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ansinh.core import clock
from ansinh.core.errors import ProblemError
from ansinh.core.security.actor import Actor
from ansinh.services import service
from ansinh.services.models import Application

# People of the province with a personal ID, drawn by a hash so every demo draws the same ones.
_CHOOSE = """
SELECT si_number FROM persons
WHERE province_code = :province AND personal_id IS NOT NULL
ORDER BY md5(si_number) LIMIT :count
"""
OFFICER = Actor(kind="officer", id="demo.officer")
# (procedure, answers, channel, days ago it was received, how far the demo takes it)
PLAN: tuple[tuple[str, dict[str, str], str, int, str], ...] = (
    ("1.014185", {}, "portal", 0, "auto"),
    ("1.014185", {}, "national_portal", 1, "auto"),
    ("1.014162", {"province_code": "79", "commune_code": "26743", "street": "Số 5 Lê Lợi"},
     "portal", 12, "open"),
    ("1.014162", {"province_code": "79", "commune_code": "26743", "street": "Số 8 Pasteur"},
     "national_portal", 2, "decide"),
    ("1.002759", {"reason": "lost"}, "portal", 9, "open"),
)  # fmt: skip


# Files a dossier at the national portal (service code, SI number, answers); its dossier number.
FileAtPortal = Callable[[str, str, dict[str, str]], str]


def seed_applications(
    *,
    db_session: Session,
    province_code: str,
    people: int = 12,
    file_at_portal: FileAtPortal | None = None,
) -> int:
    """File the plan for `people` persons (nothing if applications exist); how many were filed.

    The national portal's applications are first filed there by `file_at_portal`, so the
    statuses the platform reports reach a dossier the portal knows (without it, they carry a
    number no portal knows).
    """
    if db_session.scalar(select(Application.application_id).limit(1)) is not None:
        return 0
    chosen = db_session.scalars(text(_CHOOSE), {"province": province_code, "count": people}).all()
    filed = 0
    today = clock.today()
    for n, si_number in enumerate(chosen):
        code, answers, channel, days_ago, step = PLAN[n % len(PLAN)]
        if code == "1.014162" and province_code != "79":
            continue  # the example commune lies in Hồ Chí Minh City
        received = today - timedelta(days=days_ago)
        try:
            with db_session.begin_nested():
                procedure = service.get_service(code)
                dossier_no = None
                if channel == "national_portal":
                    dossier_no = (
                        file_at_portal(code, str(si_number), answers)
                        if file_at_portal
                        else f"G22.99-{n:06d}"
                    )
                application = service.submit(
                    db_session=db_session,
                    service=procedure,
                    si_number=str(si_number),
                    level=2,
                    answers=answers,
                    actor=Actor(kind="citizen", id=str(si_number)),
                    channel=channel,
                    external_reference=dossier_no,
                )
                # filed `days_ago` days ago: its deadline runs from then (some are overdue)
                application.received_on = received
                application.due_on = service.due_on(procedure, received)
                if step in ("open", "decide"):
                    service.take_into_review(
                        db_session=db_session, application=application, actor=OFFICER
                    )
                if step == "decide":
                    service.decide(
                        db_session=db_session, application=application, actor=OFFICER, approve=True
                    )
        except ProblemError:
            continue  # this person cannot use this procedure (no card, for instance)
        filed += 1
    return filed
