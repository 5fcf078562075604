"""The worker's composition root: every domain's event handlers, the scheduled jobs, the queue.

Core never imports a domain; this module does, as `app.py` does for routers. `ansinh worker`
runs one worker; several may run at once (procrastinate hands each job to one of them).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Callable

from procrastinate import App
from sqlalchemy.orm import Session

from ansinh.benefits.claims.jobs import prefill_pensions
from ansinh.contributions.jobs import close_previous_month
from ansinh.core import clock
from ansinh.core.config import get_settings
from ansinh.core.db import unit_of_work
from ansinh.core.events.jobs import tasks as event_tasks
from ansinh.core.jobs.queue import new_app
from ansinh.core.jobs.worker import run_worker
from ansinh.core.logging import configure_logging
from ansinh.lifeevents import jobs as lifeevents_jobs
from ansinh.lifeevents.inbox import HANDLE as LIFEEVENT_HANDLE
from ansinh.linkage import register_client
from ansinh.linkage.feed import follow_change_feed
from ansinh.linkage.jobs import reconcile_registry
from ansinh.nationalportal import jobs as nationalportal_jobs
from ansinh.nationalportal.service import REPORT as NATIONAL_PORTAL_REPORT
from ansinh.payments import bank_client
from ansinh.payments.jobs import (
    COMPUTE,
    SEND_FILE,
    bank_round_trip,
    compute_run,
    payroll_day,
    send_file,
)
from ansinh.portal.sessions import sweep_expired
from ansinh.unemployment import jobs as unemployment_jobs
from ansinh.unemployment.grounds import SEND as UNEMPLOYMENT_SEND
from ansinh.unemployment.inbox import HANDLE as UNEMPLOYMENT_HANDLE

log = logging.getLogger(__name__)
HANDLER_MODULES = (
    "ansinh.linkage.events",
    "ansinh.benefits.claims.events",
    "ansinh.payments.events",
    "ansinh.health.events",
    "ansinh.lifeevents.events",
    "ansinh.nationalportal.events",
    "ansinh.unemployment.events",
)
"""Each domain's `events.py`, whose `@subscribe` handlers the dispatcher delivers to."""
CLOSE_MONTH_CRON = "0 1 1 * *"  # 08:00 in Vietnam on the 1st: last month's bills
SWEEP_SESSIONS_CRON = "17 * * * *"
PREFILL_PENSIONS_CRON = "0 2 1 * *"  # 09:00 in Vietnam on the 1st: next month's retirements
RECONCILE = "linkage:reconcile"
FOLLOW_FEED = "linkage:follow_feed"


def load_handlers() -> None:
    """Import every domain's event handlers (they subscribe themselves)."""
    for module in HANDLER_MODULES:
        importlib.import_module(module)


def build_app(*, feed_cron: str | None = None) -> App:
    """The worker's procrastinate app: event dispatch, scheduled and on-demand jobs."""
    load_handlers()
    app = new_app()
    app.add_tasks_from(event_tasks, namespace="events")
    _every(app, "contributions:close_month", CLOSE_MONTH_CRON, _in_transaction(_close_month))
    _every(app, "portal:sweep_sessions", SWEEP_SESSIONS_CRON, _in_transaction(_sweep_sessions))
    _every(app, "claims:prefill_pensions", PREFILL_PENSIONS_CRON, _in_transaction(_prefill))
    _every(app, FOLLOW_FEED, feed_cron or get_settings().register_feed_cron, _follow_feed)
    _every(app, "payments:payroll", get_settings().payroll_cron, _in_transaction(_payroll))
    _every(app, "payments:bank", get_settings().bank_poll_cron, _bank)
    app.task(name=RECONCILE)(_reconcile)
    app.task(name=COMPUTE)(compute_run)
    app.task(name=SEND_FILE)(send_file)
    app.task(name=LIFEEVENT_HANDLE)(lifeevents_jobs.handle_entry)
    app.task(name=NATIONAL_PORTAL_REPORT)(_report_to_national_portal)
    _every(app, "lifeevents:replay", lifeevents_jobs.REPLAY_CRON, _replay_life_events)
    app.task(name=UNEMPLOYMENT_HANDLE)(unemployment_jobs.handle_entries)
    app.task(name=UNEMPLOYMENT_SEND)(_send_to_centres)
    _every(app, "unemployment:send-round", unemployment_jobs.SEND_CRON, _send_round)
    _every(app, "unemployment:months", unemployment_jobs.MONTHS_CRON, _check_months)
    return app


def worker() -> None:
    """Run one worker: event handlers, scheduled jobs (several workers may run at once)."""
    configure_logging(get_settings().log_level)
    asyncio.run(run_worker(build_app()))


def _every(app: App, name: str, cron: str, work: Callable[[], None]) -> None:
    def scheduled(timestamp: int) -> None:  # noqa: ARG001  (procrastinate passes the slot)
        work()

    scheduled.__name__ = scheduled.__qualname__ = name.replace(":", "_")
    app.periodic(cron=cron)(app.task(name=name)(scheduled))


def _in_transaction(work: Callable[[Session], object]) -> Callable[[], None]:
    def run() -> None:
        with unit_of_work() as db_session:
            log.info("%s: %s", work.__name__, work(db_session))

    return run


def _replay_life_events() -> None:
    log.info("lifeevents:replay: %s pending, %s waiting queued", *lifeevents_jobs.replay_open())


def _report_to_national_portal(report_id: int) -> None:
    log.info("nationalportal:report %s: %s", report_id, nationalportal_jobs.send_report(report_id))


def _send_to_centres() -> None:
    log.info("unemployment:send: %s items taken by the centres", unemployment_jobs.send_pending())


def _check_months() -> None:
    log.info("unemployment:months: %s", unemployment_jobs.check_months())


def _send_round() -> None:
    _send_to_centres()
    log.info("unemployment:replay: %s pending queued", unemployment_jobs.replay_pending())


def _close_month(db_session: Session) -> object:
    return close_previous_month(db_session=db_session)


def _sweep_sessions(db_session: Session) -> object:
    return sweep_expired(db_session=db_session)


def _prefill(db_session: Session) -> object:
    return prefill_pensions(db_session=db_session)


def _payroll(db_session: Session) -> object:
    return payroll_day(db_session=db_session, day=clock.today())


def _bank() -> None:
    bank = bank_client.connect()
    if bank is None:
        log.info("no bank configured: payment files not posted, reports not fetched")
        return
    log.info("bank: files posted, reports stored, payments changed: %s", bank_round_trip(bank=bank))


def _follow_feed() -> None:
    register = register_client.connect()
    if register is None:
        log.info("no population register configured: change feed not followed")
        return
    log.info("change feed: %s", follow_change_feed(register=register))


def _reconcile() -> None:
    register = register_client.connect()
    if register is None:
        log.info("no population register configured: nothing to reconcile")
        return
    with unit_of_work() as db_session:
        run = reconcile_registry(db_session=db_session, register=register)
        log.info("reconciliation run %s: %s", run.id, run.summary.get("statuses"))
