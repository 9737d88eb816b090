"""[F2 #12] Small server-side rough edges: a malformed JSON body names no field, /favicon.ico is served."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db


@pytest.mark.parametrize("body", [b"{", b'{"credit_code": "x",}', b"\xff\xfe", b"[1, 2"])
def test_malformed_json_body_reports_no_field(client, body):
    res = client.post("/api/v1/auth/enterprise/login", content=body, headers={"Content-Type": "application/json"})
    assert res.status_code == 422
    assert res.json()["error"] == {"code": "invalid_json", "message": "提交的内容不是有效的JSON", "field": None}


def test_validation_error_still_names_the_field(client):
    res = client.post("/api/v1/auth/enterprise/login", json={"credit_code": ["not", "a", "string"],
                                                             "password": "x", "agree": True})
    assert res.status_code == 422 and res.json()["error"]["field"] == "credit_code"


def test_favicon_is_served(client):
    res = client.get("/favicon.ico")
    assert res.status_code == 200 and res.headers["content-type"] == "image/x-icon"
    assert res.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert res.headers["x-content-type-options"] == "nosniff"

