"""One wording per kind of password (manual §5.1): 「核验密码不一致！」 only for the 核验密码 (willingness
password); every login-password form — registration (both kinds), reset, change — says 「两次输入的密码不一致」."""

from __future__ import annotations

from apihelpers import api_error, new_id_number, new_phone

from eseal.engine.ids import generate_credit_code

LOGIN_MISMATCH = {"code": "password_mismatch", "message": "两次输入的密码不一致"}


def _mismatch(response, field):
    assert response.status_code == 400, response.text
    return api_error(response) == {**LOGIN_MISMATCH, "field": field}


def test_every_login_password_form_uses_one_message(client, make_client, demo_data):
    r = client.post("/api/v1/register/enterprise", json={
        "legal_type": "enterprise", "name": "南宁测试科技有限公司", "credit_code": generate_credit_code(),
        "legal_rep_name": "赵法人", "legal_rep_id_number": new_id_number(), "phone": new_phone(), "sms_code": "1",
        "password": "Ent12345", "password_confirm": "Ent12346", "agree": True})
    assert _mismatch(r, "password_confirm")
    r = client.post("/api/v1/register/person", json={
        "mode": "realname", "id_type": "resident_id", "id_number": new_id_number(), "name": "王测试",
        "phone": new_phone(), "sms_code": "1", "password": "Passw0rd1", "password_confirm": "Passw0rd2", "agree": True})
    assert _mismatch(r, "password_confirm")
    r = client.post("/api/v1/auth/password/reset", json={
        "account_type": "enterprise", "account": demo_data["credit_code"], "method": "sms", "sms_code": "1",
        "new_password": "NewPass99", "new_password_confirm": "NewPass98"})
    assert _mismatch(r, "new_password_confirm")
    me = make_client()
    assert me.post("/api/v1/auth/person/login", json={"account": demo_data["person_phone"], "method": "password",
                                                       "password": demo_data["person_password"],
                                                       "agree": True}).status_code == 200
    r = me.post("/api/v1/me/password", json={"new_password": "NewPass99", "new_password_confirm": "NewPass98"})
    assert _mismatch(r, "new_password_confirm")
    # the 核验密码 (manual §5.1 密码核验) keeps the manual's words
    r = me.post("/api/v1/me/verification-password", json={"password": "135790", "password_confirm": "135791"})
    assert api_error(r) == {"code": "verification_password_mismatch", "message": "核验密码不一致！",
                            "field": "password_confirm"}
