"""Seal API (docs/api.md "Seals"): list, details, history, face image, lifecycle POSTs with willingness; another
account's seal answers 404 on every route; enterprise routes are behind the §3.2 face gate."""

from __future__ import annotations

from typing import Any

from apihelpers import api_error, pass_enterprise_gate, set_verification_password

from eseal.platform.accounts import Account, Actor
from eseal.platform.seals import IssueRequest, issue_seals

STROKES = [[[10, 40], [20, 10], [30, 40], [40, 10], [50, 40]], [[15, 25], [45, 25]]]
ROUTES_GET = ("", "/history", "/image.png")
ROUTES_POST = ("suspend", "resume", "renew", "change", "cancel")


def _me(client: Any) -> dict[str, Any]:
    return client.get("/api/v1/me").json()["account"]


def _issue(app: Any, owner_id: int, *kinds: str, **fields: Any) -> list[int]:
    svc = app.state.services
    with svc.session() as db:
        actor = Actor(account=db.get(Account, owner_id))
        return [s.id for s in issue_seals(db, svc, actor=actor,
                                          request=IssueRequest(owner_account_id=owner_id, kinds=kinds, **fields))]


def _person_with_seals(app: Any, client: Any, register_person: Any) -> tuple[dict[str, Any], list[int]]:
    reg = register_person(client)
    me = _me(client)
    ids = _issue(app, me["id"], "personal_square", "personal_handdrawn", holder_name="王测试",
                 id_number=reg["id_number"], font="song", strokes=STROKES)
    return reg, ids


def _consent(client: Any, action: str, seal_id: int, method: str = "password") -> str:
    r = client.post("/api/v1/willingness/challenges", json={"action": action, "target_type": "seal",
                                                            "target_id": str(seal_id)})
    assert r.status_code == 201, r.text
    cid = r.json()["challenge_id"]
    if method == "password":
        r = client.post(f"/api/v1/willingness/challenges/{cid}/satisfy", json={"method": "password",
                                                                               "password": "135790"})
    else:
        from sqlalchemy import select

        from eseal.platform.identity import SmsOutbox
        from eseal.web.dev import _code_in

        assert client.post(f"/api/v1/willingness/challenges/{cid}/sms", json={}).status_code == 200
        svc = client.app.state.services
        with svc.session() as db:
            text = db.scalars(select(SmsOutbox.text).order_by(SmsOutbox.id.desc()).limit(1)).first()
        r = client.post(f"/api/v1/willingness/challenges/{cid}/satisfy", json={"method": "sms",
                                                                               "sms_code": _code_in(text)})
        svc.clock.advance(seconds=61)
    assert r.status_code == 200, r.text
    return cid


def test_list_details_history_and_image(app, client, register_person):
    reg = register_person(client)
    assert client.get("/api/v1/seals").json() == {"seals": []}
    square, drawn = _issue(app, _me(client)["id"], "personal_square", "personal_handdrawn", holder_name="王测试",
                           id_number=reg["id_number"], font="kai", strokes=STROKES)
    listed = client.get("/api/v1/seals").json()["seals"]
    assert [(s["id"], s["kind"], s["kind_label"], s["state"], s["state_label"], s["usable"]) for s in listed] == [
        (square, "personal_square", "个人方章", "enabled", "已启用", True),
        (drawn, "personal_handdrawn", "个人手绘章", "enabled", "已启用", True)]
    assert listed[0]["name"] == "王测试" and listed[0]["valid_to"] > listed[0]["valid_from"]
    img = client.get(listed[0]["image_url"])
    assert img.status_code == 200 and img.headers["content-type"] == "image/png" and img.content[:4] == b"\x89PNG"
    d = client.get(f"/api/v1/seals/{square}").json()["seal"]
    assert len(d["es_id"]) == 17 and d["seal_type"] == "其他类型印章" and d["use_count"] == 0 and d["font"] == "kai"
    assert "王测试" in d["certificate"]["subject"] and d["certificate"]["revoked"] is False
    assert d["certificate"]["serial"] and d["certificate"]["valid_to"] == d["seal"]["valid_to"]
    assert d["actions"] == ["suspend", "cancel", "renew", "change"]
    assert [h["action"] for h in d["history"]] == ["issue"] and d["history"][0]["action_label"] == "申领"
    assert client.get(f"/api/v1/seals/{square}/history").json()["history"] == d["history"]


def test_lifecycle_through_the_api(app, client, register_person):
    _reg, (square, _drawn) = _person_with_seals(app, client, register_person)
    set_verification_password(client)
    r = client.post(f"/api/v1/seals/{square}/suspend", json={})
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"
    r = client.post(f"/api/v1/seals/{square}/suspend", json={"challenge_id": _consent(client, "seal.suspend", square)})
    assert r.status_code == 200 and r.json()["seal"]["seal"]["state"] == "suspended", r.text
    assert r.json()["seal"]["seal"]["usable"] is False and r.json()["seal"]["actions"] == ["resume", "cancel", "renew"]
    r = client.post(f"/api/v1/seals/{square}/resume", json={"challenge_id": _consent(client, "seal.resume", square)})
    assert r.json()["seal"]["seal"]["state"] == "enabled"
    r = client.post(f"/api/v1/seals/{square}/renew", json={"challenge_id": _consent(client, "seal.renew", square)})
    assert r.status_code == 409 and api_error(r)["code"] == "seal.renew_too_early" and "起办理" in api_error(r)["message"]
    r = client.post(f"/api/v1/seals/{square}/change", json={"challenge_id": _consent(client, "seal.change", square),
                                                           "font": "hei"})
    assert r.status_code == 200 and r.json()["seal"]["version"] == 2 and r.json()["seal"]["font"] == "hei"
    r = client.post(f"/api/v1/seals/{square}/cancel", json={"challenge_id": _consent(client, "seal.revoke", square)})
    d = r.json()["seal"]
    assert d["seal"]["state"] == "cancelled" and d["certificate"]["revoked"] is True and d["actions"] == []
    assert [h["action"] for h in d["history"]] == ["issue", "suspend", "resume", "change", "cancel"]
    r = client.post(f"/api/v1/seals/{square}/resume", json={"challenge_id": _consent(client, "seal.resume", square)})
    assert r.status_code == 409 and api_error(r)["code"] == "seal.move_not_allowed"
    outbox = client.get("/dev/filing-outbox.json").json()["filings"]
    assert [f["action"] for f in outbox] == ["cancel", "resume", "suspend"] and outbox[0]["status"] == "simulated"
    page = client.get("/dev/filing-outbox")
    assert page.status_code == 200 and "模拟" in page.text and outbox[0]["record"]["es_id"] in page.text


def test_another_accounts_seal_is_404_on_every_route(app, client, make_client, register_person):
    _reg, (square, _drawn) = _person_with_seals(app, client, register_person)
    stranger = make_client()
    register_person(stranger)
    set_verification_password(stranger)
    assert stranger.get("/api/v1/seals").json() == {"seals": []}
    for suffix in ROUTES_GET:
        r = stranger.get(f"/api/v1/seals/{square}{suffix}")
        assert r.status_code == 404 and api_error(r)["code"] == "not_found", suffix
        assert "王测试" not in r.text
    for action in ROUTES_POST:
        r = stranger.post(f"/api/v1/seals/{square}/{action}", json={"challenge_id": "wc_x"})
        assert r.status_code == 404 and api_error(r)["code"] == "not_found", action
    r = stranger.post(f"/api/v1/seals/{square}/cancel/materials", files={"file": ("a.png", b"x", "image/png")})
    assert r.status_code == 404 and api_error(r)["code"] == "not_found"
    for suffix in ROUTES_GET:  # an id that does not exist answers the same
        assert client.get(f"/api/v1/seals/999999{suffix}").status_code == 404
    assert client.get(f"/api/v1/seals/{square}").status_code == 200  # the owner still sees it


def test_enterprise_seals_behind_gate_change_refused_cancel_with_forms(app, client, register_enterprise):
    reg = register_enterprise(client)
    me = reg["session"]["account"]
    (contract,) = _issue(app, me["id"], "contract", holder_name=reg["name"], credit_code=reg["credit_code"])
    r = client.get("/api/v1/seals")
    assert r.status_code == 403 and api_error(r)["code"] == "enterprise_face_required"
    pass_enterprise_gate(client)
    assert [s["name"] for s in client.get("/api/v1/seals").json()["seals"]] == [reg["name"] + "合同专用章"]
    r = client.post(f"/api/v1/seals/{contract}/change", json={"font": "kai"})
    assert r.status_code == 403 and api_error(r) == {"code": "seal.change_not_open", "message": "该功能暂未开放",
                                                     "field": None}
    assert "change" not in client.get(f"/api/v1/seals/{contract}").json()["seal"]["actions"]
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, "PNG")
    r = client.post(f"/api/v1/seals/{contract}/cancel/materials",
                    files={"file": ("license.jpg", b"not an image at all", "image/jpeg")})
    assert r.status_code == 400 and api_error(r)["code"] == "seal_application.material_not_image"
    r = client.post(f"/api/v1/seals/{contract}/cancel/materials", files={"file": ("license.png", buf.getvalue(),
                                                                                   "image/png")})
    assert r.status_code == 201 and r.json()["content_type"] == "image/png", r.text
    scan = r.json()["sha256"]
    forms = {"handler_name": "钱经办", "handler_id_number": reg["legal_rep_id_number"], "handler_phone": reg["phone"],
             "legal_rep_name": reg["legal_rep_name"], "legal_rep_id_number": reg["legal_rep_id_number"],
             "unit_name": reg["name"], "credit_code": reg["credit_code"]}
    cid = _consent(client, "seal.revoke", contract, method="sms")
    r = client.post(f"/api/v1/seals/{contract}/cancel", json={"challenge_id": cid, "materials": [scan]})
    assert r.status_code == 400 and api_error(r)["code"] == "seal.forms_required"
    r = client.post(f"/api/v1/seals/{contract}/cancel", json={"challenge_id": cid, "materials": [scan], "forms": forms})
    assert r.status_code == 200 and r.json()["seal"]["seal"]["state"] == "cancelled", r.text
