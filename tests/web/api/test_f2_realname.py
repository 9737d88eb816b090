"""F2 #11: a person registered by phone (未实名) completes real-name verification from 我的: name + ID type + ID
number through the real-name provider, then a face check of that identity; the account becomes 已实名 and the ID
number is stored like at registration (ciphertext + blind index + mask, never in clear)."""

from __future__ import annotations

import pytest
from apihelpers import api_error, new_id_number
from sqlalchemy import text


def _start(client, **over):
    body = {"name": "钱实名", "id_type": "resident_id", "id_number": over.pop("id_number", new_id_number()),
            "return_to": "/me/realname", **over}
    return body, client.post("/api/v1/me/realname/face-check", json=body)


def _pass(client, check):
    client.post(f"/api/v1/dev/face/{check['face_check_id']}/simulate", json={"outcome": "pass"})
    return check["face_check_id"]


def _finish(client, body, face_check_id):
    return client.post("/api/v1/me/realname", json={"name": body["name"], "id_type": body["id_type"],
                                                    "id_number": body["id_number"], "face_check_id": face_check_id})


def test_phone_registered_person_becomes_realname_verified(app, client, make_client, register_person):
    p = register_person(client, realname=False)
    assert client.get("/api/v1/me").json()["account"]["realname_verified"] is False
    body, r = _start(client)
    assert r.status_code == 201, r.text
    check = r.json()
    assert check["purpose"] == "realname" and check["simulated"] is True
    assert check["verify_url"].startswith("/dev/face/") and "return_to=%2Fme%2Frealname" in check["verify_url"]
    r = _finish(client, body, _pass(client, check))
    assert r.status_code == 200, r.text
    account = r.json()["account"]
    assert account["realname_verified"] is True and account["name"] == "钱实名"
    assert account["id_type"] == "resident_id" and account["id_number_masked"] != body["id_number"]
    assert account["id_number_masked"][-4:] == body["id_number"][-4:]
    # stored encrypted: the clear number appears nowhere in the row; the blind index finds the account
    with app.state.services.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM accounts WHERE id = :id"), {"id": account["id"]}).mappings().one()
    assert body["id_number"] not in " ".join(str(v) for v in row.values())
    assert app.state.services.pii.decrypt(row["id_number_enc"], field="accounts.id_number") == body["id_number"]
    # 已实名 opens the ID-number login (password) and the face login
    other = make_client()
    r = other.post("/api/v1/auth/person/lookup", json={"account": body["id_number"]})
    assert r.json()["registered"] is True and "face" in r.json()["methods"]
    r = other.post("/api/v1/auth/person/login", json={"account": body["id_number"], "method": "password",
                                                      "password": p["password"], "agree": True})
    assert r.status_code == 200 and r.json()["session"]["account"]["id"] == account["id"]
    # audited, one row in 认证记录
    events = [x["event"] for x in client.get("/api/v1/me/auth-records").json()["records"]]
    assert events.count("realname.verified") == 1 and "face.check.completed" not in events
    # done once: a second attempt says so
    _, r = _start(client)
    assert api_error(r)["code"] == "realname_done"


def test_an_id_number_of_another_account_is_refused(client, make_client, register_person):
    taken = register_person(make_client())["id_number"]
    register_person(client, realname=False)
    _, r = _start(client, id_number=taken)
    assert r.status_code == 409
    assert api_error(r) == {"code": "already_registered", "message": "该证件号已被其他个人账号使用，请用该证件号登录",
                            "field": "id_number"}


def test_an_id_registered_between_the_face_check_and_the_finish_is_refused(client, make_client, register_person):
    register_person(client, realname=False)
    body, r = _start(client)
    fc = _pass(client, r.json())
    register_person(make_client(), id_number=body["id_number"])  # someone registers this ID meanwhile
    r = _finish(client, body, fc)
    assert r.status_code == 409 and api_error(r)["field"] == "id_number"
    assert client.get("/api/v1/me").json()["account"]["realname_verified"] is False


@pytest.mark.parametrize(("over", "code", "field"), [
    ({"name": "冒名顶替"}, "realname_failed", "name"),
    ({"id_number": "450103198803140011"}, "invalid_id_number", "id_number"),
    ({"name": "X1"}, "invalid_person_name", "name"),
    ({"id_type": "passport"}, "invalid_id_type", "id_type"),
])
def test_bad_identity_is_refused_before_any_face_check(client, register_person, over, code, field):
    register_person(client, realname=False)
    _, r = _start(client, **over)
    assert r.status_code == 400 and api_error(r)["code"] == code and api_error(r)["field"] == field


def test_the_face_check_must_be_passed_and_of_this_identity(client, register_person):
    register_person(client, realname=False)
    assert api_error(_finish(client, {"name": "钱实名", "id_type": "resident_id", "id_number": new_id_number()},
                             ""))["code"] == "face_not_passed"
    body, r = _start(client)
    client.post(f"/api/v1/dev/face/{r.json()['face_check_id']}/simulate", json={"outcome": "fail"})
    assert api_error(_finish(client, body, r.json()["face_check_id"]))["code"] == "face_not_passed"
    body, r = _start(client)
    fc = _pass(client, r.json())
    other_id = {**body, "id_number": new_id_number()}
    assert api_error(_finish(client, other_id, fc))["code"] == "face_not_passed"
    assert client.get("/api/v1/me").json()["account"]["realname_verified"] is False
    assert _finish(client, body, fc).status_code == 200


def test_enterprises_and_verified_persons_cannot_use_it(client, make_client, register_person):
    register_person(client)  # real-name registration
    _, r = _start(client)
    assert api_error(r)["code"] == "realname_done"
    assert make_client().post("/api/v1/me/realname/face-check", json={}).status_code == 401


def test_me_page_offers_it_only_to_unverified_persons(client, make_client, register_person):
    register_person(client, realname=False)
    assert 'href="/me/realname"' in client.get("/me").text
    page = client.get("/me/realname")
    assert page.status_code == 200 and 'id="realname-form"' in page.text and "<script>" not in page.text
    verified = make_client()
    register_person(verified)
    assert 'href="/me/realname"' not in verified.get("/me").text
    r = verified.get("/me/realname", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/me"
