"""Which jobs the web server runs, and how often (the one place that schedules them; the intervals come from
``settings.jobs``)."""

from __future__ import annotations

from eseal.platform.core import Services
from eseal.platform.documents import purge_job
from eseal.platform.jobs.runner import Job

PURGE = "documents.purge"


def _purge(svc: Services) -> str:
    purge, sweep = purge_job(svc)
    return (f"{purge.documents} documents purged, {purge.blobs_forgotten} blob rows forgotten, "
            f"{sweep.removed} blobs removed ({sweep.removed_bytes} bytes)")


def scheduled_jobs(svc: Services) -> tuple[Job, ...]:
    """The jobs to run in-process under ``svc.settings`` (none when every interval is 0)."""
    jobs = []
    interval = svc.settings.jobs.purge_interval_seconds
    if interval > 0:
        jobs.append(Job(PURGE, _purge, float(interval)))
    return tuple(jobs)
