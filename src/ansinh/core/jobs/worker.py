"""Run a procrastinate worker, and re-queue the jobs of workers that died mid-job."""

from __future__ import annotations

import asyncio
import logging

from procrastinate import App

from ansinh.core.config import get_settings

log = logging.getLogger(__name__)


async def run_worker(app: App, *, install_signal_handlers: bool = True) -> None:
    """Work until stopped: every queue, plus periodic tasks, plus the stalled-job sweep."""
    settings = get_settings()
    async with app.open_async():
        sweep = asyncio.create_task(_requeue_stalled(app, settings.worker_stalled_seconds))
        try:
            await app.run_worker_async(
                install_signal_handlers=install_signal_handlers,
                concurrency=settings.worker_concurrency,
                fetch_job_polling_interval=settings.worker_poll_seconds,
                update_heartbeat_interval=settings.worker_heartbeat_seconds,
                stalled_worker_timeout=settings.worker_stalled_seconds,
            )
        finally:
            sweep.cancel()


async def _requeue_stalled(app: App, stalled_seconds: float) -> None:
    """A job left `doing` by a worker that stopped beating is queued again (at least once)."""
    while True:
        stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds)
        for job in stalled:
            log.warning("job %s (%s) of a dead worker queued again", job.id, job.task_name)
            await app.job_manager.retry_job(job)
        await asyncio.sleep(max(stalled_seconds / 3, 0.2))
