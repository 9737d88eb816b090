"""[D1c] schemathesis over the 我的文档 / 业务文档 operations (list, business-sources, details, history, download,
delete), logged in as the demo person who holds business documents: no 5xx, statuses, content types and bodies as
documented (the whole-API run of test_f2_schemathesis covers them too; this one is quick to run alone)."""

from __future__ import annotations

import pytest
from test_f2_schemathesis import _operations, _run_all

from eseal.platform.demo import DEMO, seed_demo

pytestmark = pytest.mark.slow
MINE = ("/api/v1/documents", "/api/v1/business-sources", "/api/v1/documents/download", "/api/v1/documents/delete",
        "/api/v1/documents/{document_id}/details", "/api/v1/documents/{document_id}/history")


def test_the_listing_operations_as_the_demo_person(app, client):
    seed_demo(app.state.services)
    r = client.post("/api/v1/auth/person/login", json={"account": DEMO.person_phone, "method": "password",
                                                       "password": DEMO.person_password, "agree": True})
    assert r.status_code == 200, r.text
    token, csrf = client.cookies["eseal_session"], r.json()["session"]["csrf_token"]
    headers = {"X-CSRF-Token": csrf, "Cookie": f"eseal_session={token}; eseal_csrf={csrf}"}
    operations = [op for op in _operations(app) if op.path in MINE and (op.method, op.path) != ("post", MINE[0])]
    assert len(operations) == 6, [(op.method, op.path) for op in operations]
    statuses = _run_all(operations, headers)
    assert statuses.get(200, 0) > 0 and 500 not in statuses, statuses
