"""web/routing.UnitOfWorkRoute: a sync endpoint's session is committed in the endpoint's own thread, BEFORE FastAPI
validates the answer in another threadpool call (the [G1] stampede: every pool thread waited for the write lock
that the committing request still held while its answer waited for a thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, field_validator

import eseal.web.api as api
import eseal.web.pages as pages
from eseal.web.routing import UnitOfWorkRoute

EVENTS: list[tuple[str, int]] = []


class _Db:
    def commit(self) -> None:
        EVENTS.append(("commit", threading.get_ident()))


class Answer(BaseModel):
    value: int

    @field_validator("value")
    @classmethod
    def seen(cls, v: int) -> int:
        EVENTS.append(("validate", threading.get_ident()))
        return v


def get_db() -> Iterator[_Db]:
    yield _Db()
    EVENTS.append(("get_db exit", threading.get_ident()))


def _app() -> FastAPI:
    from fastapi import APIRouter

    EVENTS.clear()
    router = APIRouter(route_class=UnitOfWorkRoute)

    @router.post("/work", response_model=Answer)
    def work(db: Annotated[_Db, Depends(get_db)]) -> dict[str, int]:
        EVENTS.append(("endpoint", threading.get_ident()))
        return {"value": 1}

    @router.post("/fails")
    def fails(db: Annotated[_Db, Depends(get_db)]) -> None:
        raise ValueError("boom")

    app = FastAPI()
    outer = APIRouter()
    outer.include_router(router)  # as web/api/__init__.py does
    app.include_router(outer)
    return app


def test_commit_runs_in_the_endpoint_thread_before_the_answer_is_validated() -> None:

    with TestClient(_app()) as client:
        assert client.post("/work").json() == {"value": 1}
    events = EVENTS
    names = [e for e, _t in events]
    assert names.index("commit") < names.index("validate") < names.index("get_db exit")
    thread = dict(events)
    assert thread["commit"] == thread["endpoint"]


def test_an_endpoint_that_raises_commits_nothing() -> None:

    with TestClient(_app(), raise_server_exceptions=False) as client:
        assert client.post("/fails").status_code == 500
    assert "commit" not in [e for e, _t in EVENTS]


def test_every_router_of_the_web_layer_is_built_with_the_unit_of_work_route() -> None:
    import importlib
    import pkgutil

    from fastapi import APIRouter

    import eseal.web

    routers = []
    for info in pkgutil.walk_packages(eseal.web.__path__, "eseal.web."):
        module = importlib.import_module(info.name)
        routers += [(info.name, name) for name, value in vars(module).items()
                    if isinstance(value, APIRouter) and value.route_class is not UnitOfWorkRoute]
    assert routers == []
    assert api.router.route_class is UnitOfWorkRoute and pages.router.route_class is UnitOfWorkRoute
