"""F2 #10: 认证记录 shows one row per face check. A passed check is listed by what it proved (法定代表人人脸识别,
登录成功 · 方式：人脸识别, 意愿认证通过 · 方式：人脸识别, …); a failed one by its own row (人脸识别结果 · 未通过)."""

from __future__ import annotations


def _face(client, outcome="pass", **body):
    fc = client.post("/api/v1/face/checks", json=body).json()["face_check_id"]
    client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": outcome})
    return fc


def _records(client):
    return client.get("/api/v1/me/auth-records").json()["records"]


def test_enterprise_entry_face_check_is_one_row(client, register_enterprise):
    register_enterprise(client)
    fc = _face(client, purpose="enterprise_entry")
    assert client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200
    records = _records(client)
    assert [r["event"] for r in records] == ["enterprise.entry", "account.registered"]
    assert records[0]["event_label"] == "法定代表人人脸识别"


def test_face_login_is_one_row(client, make_client, register_person):
    p = register_person(client)
    c = make_client()
    fc = _face(c, purpose="login", account_type="person", account=p["id_number"])
    r = c.post("/api/v1/auth/person/login", json={"account": p["id_number"], "method": "face", "face_check_id": fc,
                                                  "agree": True})
    assert r.status_code == 200, r.text
    records = _records(c)
    assert [r["event"] for r in records] == ["login.success", "account.registered"]
    assert records[0]["detail"]["method"] == "face"


def test_failed_face_check_is_still_listed_once(client, make_client, register_person):
    p = register_person(client)
    _face(make_client(), "fail", purpose="login", account_type="person", account=p["id_number"])
    records = _records(client)
    assert [r["event"] for r in records] == ["face.check.completed", "account.registered"]
    assert records[0]["detail"]["passed"] is False


def test_records_page_is_filled_to_the_limit_after_hiding_passed_checks(app, client, register_enterprise):
    """Hidden rows do not shorten the list: 100 rows are shown when more than 100 listed events exist."""
    register_enterprise(client)
    for _ in range(60):
        fc = _face(client, purpose="enterprise_entry")
        assert client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200
        app.state.services.clock.advance(seconds=125)  # under the per-IP face-check limit (30 / h)
    records = _records(client)
    assert len(records) == 61 and {r["event"] for r in records} == {"enterprise.entry", "account.registered"}
    for _ in range(45):
        fc = _face(client, purpose="enterprise_entry")
        assert client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200
        app.state.services.clock.advance(seconds=125)
    records = _records(client)
    assert len(records) == 100 and "face.check.completed" not in {r["event"] for r in records}
