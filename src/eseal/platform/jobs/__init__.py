"""Background jobs: work done outside a request, calling the same service functions as the routes and the CLI.
``scheduled_jobs(svc)`` says which run in the web server and how often (``settings.jobs``); ``JobRunner`` runs
them in one thread between the app's start and stop. Today: the purge of deleted documents whose retention ended
(``eseal documents purge`` runs the same job from the command line / cron)."""

from eseal.platform.jobs.runner import Job, JobRunner
from eseal.platform.jobs.schedule import PURGE, scheduled_jobs

__all__ = ["PURGE", "Job", "JobRunner", "scheduled_jobs"]
