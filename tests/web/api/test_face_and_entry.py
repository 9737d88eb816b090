"""Face checks (dev simulator) and the enterprise legal-rep face check before the seal app (manual §3.2)."""

from __future__ import annotations

from apihelpers import api_error
from fastapi import APIRouter

from eseal.web.deps import EnterpriseEntryDep


def _add_probe_route(app):
    """A stand-in for a later seal-application endpoint guarded by the §3.2 rule."""
    router = APIRouter()

    @router.get("/api/v1/_probe/seal-app")
    def probe(ctx: EnterpriseEntryDep):
        return {"ok": True, "account": ctx.account.id}

    app.include_router(router)


def test_enterprise_needs_legal_rep_face_check(app, client, register_enterprise):
    _add_probe_route(app)
    register_enterprise(client)
    r = client.get("/api/v1/_probe/seal-app")
    assert r.status_code == 403 and api_error(r) == {"code": "enterprise_face_required",
                                                     "message": "请先完成法定代表人人脸识别", "field": None}
    check = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()
    assert check["subject_name_masked"] == "赵**" and check["status"] == "pending"
    client.post(f"/api/v1/dev/face/{check['face_check_id']}/simulate", json={"outcome": "pass"})
    r = client.post("/api/v1/session/enterprise-entry", json={"face_check_id": check["face_check_id"]})
    assert r.status_code == 200
    assert r.json()["session"]["enterprise_face_verified"] is True
    assert r.json()["session"]["needs_enterprise_face_check"] is False
    assert client.get("/api/v1/_probe/seal-app").json()["ok"] is True
    records = [x["event"] for x in client.get("/api/v1/me/auth-records").json()["records"]]
    # F2 #10: one face check, one row (the passed check is listed as the entry it proved)
    assert "enterprise.entry" in records and "face.check.completed" not in records


def test_person_does_not_need_face_check(app, client, register_person):
    _add_probe_route(app)
    register_person(client)
    assert client.get("/api/v1/_probe/seal-app").status_code == 200
    r = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"})
    assert api_error(r)["code"] == "method_unavailable"


def test_failed_or_expired_face_check_does_not_open_the_app(app, client, register_enterprise):
    register_enterprise(client)
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "fail"})
    r = client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc})
    assert api_error(r)["code"] == "face_not_passed"
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    app.state.services.clock.advance(seconds=301)
    assert client.get(f"/api/v1/face/checks/{fc}").json()["status"] == "expired"
    r = client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    assert api_error(r)["code"] == "face_check_closed"


def test_face_check_is_bound_to_the_browser(client, make_client, register_enterprise):
    register_enterprise(client)
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    stranger = make_client()
    assert stranger.get(f"/api/v1/face/checks/{fc}").status_code == 404
    assert stranger.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"}).status_code == 404
    assert stranger.get(f"/dev/face/{fc}").status_code == 404


def test_face_check_for_login_cannot_open_enterprise_entry(client, register_enterprise):
    register_enterprise(client)
    r = client.post("/api/v1/session/enterprise-entry", json={"face_check_id": None})
    assert api_error(r)["code"] == "face_not_passed"


def test_dev_face_page_is_labelled_and_redirects_back(client, register_enterprise):
    register_enterprise(client)
    check = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry",
                                                    "return_to": "/home/face-done"}).json()
    page = client.get(check["verify_url"])
    assert page.status_code == 200 and "非真实人脸识别" in page.text and "模拟通过" in page.text
    assert "dev-banner" in page.text and 'id="face-pass"' in page.text.replace("'", '"')
    assert "return_to" in check["verify_url"]
    r = client.post(f"/dev/face/{check['face_check_id']}",
                    data={"outcome": "pass", "return_to": "/home/face-done", "csrf_token": client.csrf},
                    headers={"X-CSRF-Token": ""}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/home/face-done?face_check_id={check['face_check_id']}&status=passed"


def test_dev_face_form_requires_csrf_token(client, register_enterprise):
    register_enterprise(client)
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    r = client.post(f"/dev/face/{fc}", data={"outcome": "pass"}, headers={"X-CSRF-Token": ""})
    assert r.status_code == 403 and api_error(r)["code"] == "csrf_failed"


def test_open_redirect_is_refused(client, register_enterprise):
    register_enterprise(client)
    check = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry",
                                                    "return_to": "https://evil.example/x"}).json()
    assert "evil" not in check["verify_url"]


def test_plain_face_page_fallback():
    from eseal.web.dev import _plain_face_page

    page = _plain_face_page({"check_id": "fc_1", "subject_name_masked": "张*", "subject_id_masked": "1101**",
                             "status": "pending", "purpose_label": "登录验证", "csrf_token": "t",
                             "return_to": "/x?a=<b>"}).body.decode()
    assert "非真实人脸识别" in page and "&lt;b&gt;" in page and "face-pass" in page
