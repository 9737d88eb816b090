"""The route class of every eseal router: a sync endpoint's unit of work ends in the endpoint's own worker thread.

FastAPI runs a sync endpoint in one threadpool call, validates its answer against the ``response_model`` in
ANOTHER threadpool call, and only then lets ``deps.get_db`` commit. Between the two calls the request still holds
its transaction: on SQLite the write lock, everywhere a pooled connection. Under a stampede every pool thread may be
waiting for exactly that lock or connection, so the validation call cannot get a thread until they time out (30 s,
then 500s: found by the [G1] 50-parallel HTTP race). :class:`UnitOfWorkRoute` commits the request's session (the
endpoint's ``db`` argument, from ``deps.DbDep``) right after a sync endpoint returns, in the same thread;
``get_db``'s own commit then has nothing left to do. The wrapped endpoint is async (it awaits that one threadpool
call), so FastAPI validates its answer on the event loop instead of in a threadpool call of its own. Errors are untouched: ``get_db`` commits business errors
and rolls back anything else, as before.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

DB_PARAMETER = "db"  # the name every route gives its ``deps.DbDep`` argument


def _committing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    def work(kwargs: dict[str, Any]) -> Any:
        result = endpoint(**kwargs)
        db = kwargs.get(DB_PARAMETER)
        if db is not None:
            db.commit()
        return result

    @functools.wraps(endpoint)
    async def run(**kwargs: Any) -> Any:
        # the endpoint and its commit in one threadpool call; FastAPI then validates the answer (a view built in
        # that thread: no I/O left) on the event loop, as for an async endpoint, instead of in a second threadpool
        # call — one thread hop fewer per request
        return await run_in_threadpool(work, kwargs)

    return run


class UnitOfWorkRoute(APIRoute):
    """An ``APIRoute`` whose sync endpoint taking ``db`` commits it before FastAPI serializes the answer."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint) and DB_PARAMETER in inspect.signature(endpoint).parameters:
            endpoint = _committing(endpoint)
        super().__init__(path, endpoint, **kwargs)


__all__ = ["DB_PARAMETER", "UnitOfWorkRoute"]
