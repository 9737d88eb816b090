"""[D1] load: an upload and a signing write their blob (bytes + fsyncs) BEFORE their first database write, so on
SQLite (one writer at a time) the write lock covers the rows only, not the file I/O; the routes that take these
paths begin DEFERRED."""

from __future__ import annotations

import pytest
from d1c_helpers import issue_password_seal, make_accounts, sample_pdf, stamp, upload
from sqlalchemy import event

import eseal.platform.documents.upload as upload_module

pytestmark = pytest.mark.db


def test_upload_and_signing_write_their_blob_before_any_row(services, monkeypatch) -> None:
    ids = make_accounts(services)
    seal_id = issue_password_seal(services, ids["person"], ids["person_number"])
    order: list[str] = []
    real_put = upload_module.put_blob
    monkeypatch.setattr(upload_module, "put_blob", lambda svc, **kw: order.append("blob") or real_put(svc, **kw))

    def statements(_conn, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            order.append("write")

    event.listen(services.engine, "before_cursor_execute", statements)
    try:
        doc = upload(services, ids["person"], "a.pdf", sample_pdf())
        assert order[0] == "blob" and order.count("blob") == 1 and "write" in order, order
        order.clear()
        stamp(services, ids["person"], doc, seal_id)  # prepare (its own transaction), then the signing
    finally:
        event.remove(services.engine, "before_cursor_execute", statements)
    assert order.count("blob") == 1, order
    signing = order[order.index("blob"):]
    prepare = order[:order.index("blob")]
    assert "write" in prepare and "write" in signing[1:], order  # the signing's rows all come after its blob


def test_upload_prepare_and_sign_routes_begin_deferred() -> None:
    from eseal.web.api import documents as documents_api
    from eseal.web.api import signing as signing_api
    from eseal.web.deps import defer_write_lock

    def deferred(router, path: str) -> bool:
        route = next(r for r in router.routes if getattr(r, "path", None) == path and "POST" in r.methods)
        return any(d.dependency is defer_write_lock for d in route.dependencies)

    assert deferred(documents_api.router, "/documents")
    assert deferred(signing_api.router, "/documents/{document_id}/signing/prepare")
    assert deferred(signing_api.router, "/documents/{document_id}/signing")
