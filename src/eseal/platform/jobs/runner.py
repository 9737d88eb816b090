"""The in-process job runner: one daemon thread that runs each job every ``interval`` seconds (the first run at
start), calling the same service functions a CLI command or a cron job would. A failing run is logged (English)
and the job runs again at its next time; ``stop()`` wakes the thread and waits for the run in progress.

Several server processes (``eseal serve --workers N``) each run their own runner: the jobs are written to be
safe when two run at once (the purge locks its rows, the orphan sweep claims each blob first).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eseal.platform.core import Services

log = logging.getLogger("eseal.jobs")


@dataclass(frozen=True)
class Job:
    """A named unit of background work: ``run(svc)`` every ``interval`` seconds."""

    name: str
    run: Callable[[Services], object]
    interval: float


class JobRunner:
    """Runs ``jobs`` in one daemon thread from ``start()`` to ``stop()``."""

    def __init__(self, svc: Services, jobs: Sequence[Job]) -> None:
        self.svc = svc
        self.jobs = tuple(jobs)
        self.runs: dict[str, int] = {job.name: 0 for job in self.jobs}  # completed runs, failed ones included
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if not self.jobs or self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="eseal-jobs", daemon=True)
        self._thread.start()
        log.info("job runner started: %s", ", ".join(f"{j.name} every {j.interval:g} s" for j in self.jobs))

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("job runner did not stop within %s s (a run is still in progress)", timeout)
            self._thread = None

    def run_once(self, job: Job) -> None:
        """One run of ``job``; an exception is logged, never raised (the runner keeps going)."""
        started = time.monotonic()
        try:
            result = job.run(self.svc)
        except Exception:
            log.exception("job %s failed", job.name)
        else:
            log.info("job %s done in %.2f s: %s", job.name, time.monotonic() - started, result)
        finally:
            self.runs[job.name] += 1

    def _loop(self) -> None:
        due = {job.name: time.monotonic() for job in self.jobs}
        while not self._stop.is_set():
            for job in self.jobs:
                if self._stop.is_set():
                    return
                if time.monotonic() >= due[job.name]:
                    self.run_once(job)
                    due[job.name] = time.monotonic() + job.interval
            self._stop.wait(max(0.0, min(due.values()) - time.monotonic()))
