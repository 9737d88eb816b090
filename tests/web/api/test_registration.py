"""Manual §1 注册: enterprise (法人用户) and person (个人用户) registration rules."""

from __future__ import annotations

import pytest
from apihelpers import api_error, new_id_number, new_phone, pass_enterprise_gate

from eseal.engine.ids import generate_credit_code
from eseal.web.errors import status_for


def _enterprise_body(client, send_code, **over):
    phone = over.pop("phone", new_phone())
    body = {"legal_type": "enterprise", "name": "南宁示例有限公司", "credit_code": generate_credit_code(),
            "legal_rep_name": "赵法人", "legal_rep_id_number": new_id_number(), "phone": phone,
            "password": "Ent12345", "password_confirm": "Ent12345", "agree": True}
    body["sms_code"] = send_code(client, phone, account_type="enterprise")
    body.update(over)
    return body


def test_enterprise_registration_logs_in_and_is_audited(client, register_enterprise):
    e = register_enterprise(client)
    s = client.get("/api/v1/session").json()
    assert s["authenticated"] and s["account"]["kind"] == "enterprise"
    assert s["account"]["credit_code"] == e["credit_code"]
    assert s["account"]["legal_type_label"] == "企业法人"
    assert s["needs_enterprise_face_check"] is True
    assert "*" in s["account"]["legal_rep_id_masked"]
    pass_enterprise_gate(client)  # §3.2: 认证记录 only after the legal representative's face check
    records = client.get("/api/v1/me/auth-records").json()["records"]
    assert records[-1]["event"] == "account.registered" and records[-1]["event_label"] == "注册"


@pytest.mark.parametrize(("over", "code", "field", "message"), [
    ({"agree": False}, "agreement_required", "agree", "请阅读并勾选《用户注册协议》和《用户隐私政策》"),
    ({"credit_code": "91350100M000100Y44"}, "invalid_credit_code", "credit_code", "统一社会信用代码校验错误"),
    ({"credit_code": "9135010"}, "invalid_credit_code", "credit_code", None),
    ({"legal_type": "individual_business"}, "legal_type_mismatch", "legal_type", None),
    ({"legal_type": "bank"}, "invalid_legal_type", "legal_type", None),
    ({"legal_rep_id_number": "110105194912310021"}, "invalid_id_number", "legal_rep_id_number", None),
    ({"legal_rep_name": "X1"}, "invalid_person_name", "legal_rep_name", None),
    ({"password_confirm": "Ent12346"}, "password_mismatch", "password_confirm", "两次输入的密码不一致"),
    ({"password": "12345678", "password_confirm": "12345678"}, "weak_password", "password", None),
    ({"legal_rep_name": "冒名顶替"}, "realname_failed", "legal_rep_name", "法人代表姓名与证件号不匹配"),
    ({"sms_code": "000000"}, "sms_code_invalid", "sms_code", None),
    ({"name": ""}, "invalid_name", "name", None),
])
def test_enterprise_registration_bad_input(client, send_code, over, code, field, message):
    body = _enterprise_body(client, send_code, **over)
    r = client.post("/api/v1/register/enterprise", json=body)
    assert r.status_code == 400, r.text
    err = api_error(r)
    assert err["code"] == code and err["field"] == field
    if message:
        assert err["message"] == message
    assert client.get("/api/v1/session").json()["authenticated"] is False


def test_bad_field_does_not_burn_the_sms_code(client, send_code):
    body = _enterprise_body(client, send_code, password_confirm="Mismatch1")
    assert api_error(client.post("/api/v1/register/enterprise", json=body))["code"] == "password_mismatch"
    body["password_confirm"] = body["password"]
    assert client.post("/api/v1/register/enterprise", json=body).status_code == 201


def test_duplicate_enterprise_is_refused(client, make_client, register_enterprise, send_code):
    first = register_enterprise(client)
    other = make_client()
    body = _enterprise_body(other, send_code, credit_code=first["credit_code"])
    r = other.post("/api/v1/register/enterprise", json=body)
    assert r.status_code == 409
    assert api_error(r) == {"code": "already_registered", "message": "该统一社会信用代码已注册，请直接登录",
                            "field": "credit_code"}


def test_credit_code_is_normalised(client, send_code):
    code = generate_credit_code()
    body = _enterprise_body(client, send_code, credit_code=" " + code.lower() + " ")
    r = client.post("/api/v1/register/enterprise", json=body)
    assert r.status_code == 201 and r.json()["session"]["account"]["credit_code"] == code


@pytest.mark.parametrize(("legal_type", "prefix"), [("government", "11"), ("institution", "12"),
                                                    ("social_organization", "51"), ("individual_business", "92"),
                                                    ("other", "31")])
def test_each_legal_type_with_a_consistent_code(client, register_enterprise, legal_type, prefix):
    e = register_enterprise(client, legal_type=legal_type, credit_code=generate_credit_code(prefix[0], prefix[1]))
    assert e["session"]["account"]["legal_type"] == legal_type


def test_person_realname_registration(client, register_person):
    p = register_person(client)
    account = p["session"]["account"]
    assert account["kind"] == "person" and account["realname_verified"] is True
    assert account["id_type_label"] == "居民身份证" and account["name"] == "王测试"
    assert account["has_password"] is True


def test_person_phone_registration_without_password(client, register_person):
    p = register_person(client, realname=False, password=None)
    account = p["session"]["account"]
    assert account["name"] is None and account["realname_verified"] is False and account["has_password"] is False
    assert account["display_name"] == p["phone"]


@pytest.mark.parametrize(("id_type", "number"), [("hk_macao_permit", "H12345678"), ("taiwan_permit", "87654321"),
                                                 ("foreign_permanent_resident", "USA450501011234")])
def test_person_registration_with_other_id_types(client, register_person, id_type, number):
    p = register_person(client, id_type=id_type, id_number=number)
    assert p["session"]["account"]["id_type"] == id_type


@pytest.mark.parametrize(("over", "code", "field"), [
    ({"agree": None}, "agreement_required", "agree"),
    ({"id_number": "110105194912310021"}, "invalid_id_number", "id_number"),
    ({"id_type": "hk_macao_permit", "id_number": "12345678"}, "invalid_id_number", "id_number"),
    ({"id_type": "passport"}, "invalid_id_type", "id_type"),
    ({"name": "冒名者"}, "realname_failed", "name"),
    ({"password": "abc", "password_confirm": "abc"}, "weak_password", "password"),
    ({"password": "Passw0rd1", "password_confirm": "Passw0rd2"}, "password_mismatch", "password_confirm"),
])
def test_person_registration_bad_input(client, send_code, over, code, field):
    phone = new_phone()
    body = {"mode": "realname", "id_type": "resident_id", "id_number": new_id_number(), "name": "王测试",
            "phone": phone, "agree": True, "sms_code": send_code(client, phone)}
    body.update(over)
    r = client.post("/api/v1/register/person", json=body)
    assert r.status_code == 400
    err = api_error(r)
    assert (err["code"], err["field"]) == (code, field)


def test_invalid_phone_message(client):
    r = client.post("/api/v1/sms/send", json={"purpose": "register", "phone": "12345"})
    assert r.status_code == 400
    assert api_error(r) == {"code": "invalid_phone", "message": "请输入正确的手机号", "field": "phone"}


def test_duplicate_person_phone_and_id(client, make_client, register_person, send_code):
    p = register_person(client)
    other = make_client()
    r = other.post("/api/v1/sms/send", json={"purpose": "register", "account_type": "person", "phone": p["phone"]})
    assert r.status_code == 409 and api_error(r)["field"] == "phone"
    # without account_type (or for an enterprise) the code is sent; the duplicate is refused at submit
    assert other.post("/api/v1/sms/send", json={"purpose": "register", "phone": p["phone"]}).status_code == 200
    other_phone_body = {"mode": "phone", "phone": p["phone"], "agree": True,
                        "sms_code": other.get("/dev/sms-outbox.json", params={"phone": p["phone"]}).json()[
                            "messages"][0]["code"]}
    r = other.post("/api/v1/register/person", json=other_phone_body)
    assert r.status_code == 409 and api_error(r) == {"code": "already_registered", "message": "该手机号已注册，请直接登录",
                                                     "field": "phone"}
    phone = new_phone()
    body = {"mode": "realname", "id_type": "resident_id", "id_number": p["id_number"], "name": "王测试",
            "phone": phone, "agree": True, "sms_code": send_code(other, phone)}
    r = other.post("/api/v1/register/person", json=body)
    assert r.status_code == 409 and api_error(r)["code"] == "already_registered"
    assert api_error(r)["field"] == "id_number"


def test_missing_json_fields_use_the_error_format(client):
    r = client.post("/api/v1/sms/send", json={"phone": "13800000000"})
    assert r.status_code == 422
    assert api_error(r) == {"code": "invalid_input", "message": "请检查输入内容", "field": "purpose"}


def test_unique_constraint_race_becomes_409(services):
    """Two registrations that both passed the friendly pre-checks: the database decides, cleanly."""
    from eseal.platform.accounts import KIND_ENTERPRISE, Account
    from eseal.platform.accounts import registration as accounts
    from eseal.platform.core import PlatformError

    code = generate_credit_code()
    with services.session() as db:
        db.add(Account(kind=KIND_ENTERPRISE, created_at=services.clock.now(), status="active", credit_code=code))
    with services.session() as db:
        dup = Account(kind=KIND_ENTERPRISE, created_at=services.clock.now(), status="active", credit_code=code)
        with pytest.raises(PlatformError) as info:
            accounts._insert_new_account(db, dup, "已注册", "credit_code")
        assert status_for(info.value) == 409
        db.add(Account(kind=KIND_ENTERPRISE, created_at=services.clock.now(), status="active",
                       credit_code=generate_credit_code()))  # the transaction is still usable


def test_registration_checks_the_sms_code_before_revealing_or_paying(app, client, make_client, register_person,
                                                                      send_code, monkeypatch):
    """D3: without the right SMS code of the phone typed, registration neither says whether an ID number is
    registered nor calls the (paid) real-name provider."""
    p = register_person(make_client())
    calls = []
    realname = app.state.services.providers.realname
    original = realname.verify
    monkeypatch.setattr(realname, "verify", lambda **kw: calls.append(kw) or original(**kw))
    phone = new_phone()
    send_code(client, phone)
    body = {"mode": "realname", "id_type": "resident_id", "id_number": p["id_number"], "name": "王测试",
            "phone": phone, "agree": True, "sms_code": "000000"}
    r = client.post("/api/v1/register/person", json=body)
    assert r.status_code == 400 and api_error(r)["code"] == "sms_code_invalid"   # not 409 "already registered"
    body["id_number"] = new_id_number()
    assert api_error(client.post("/api/v1/register/person", json=body))["code"] == "sms_code_invalid"
    assert calls == []
    e = _enterprise_body(client, send_code)
    e["sms_code"] = "000000"
    assert api_error(client.post("/api/v1/register/enterprise", json=e))["code"] == "sms_code_invalid"
    assert calls == []


def test_right_code_survives_a_mistake_elsewhere_but_cannot_probe_without_limit(client, make_client,
                                                                               register_person, send_code):
    taken = [register_person(make_client())["id_number"] for _ in range(2)]
    phone = new_phone()
    code = send_code(client, phone)
    body = {"mode": "realname", "id_type": "resident_id", "name": "王测试", "phone": phone, "agree": True,
            "sms_code": code}
    r = client.post("/api/v1/register/person", json={**body, "id_number": taken[0]})
    assert r.status_code == 409
    r = client.post("/api/v1/register/person", json={**body, "id_number": new_id_number(), "name": "冒名者"})
    assert api_error(r)["code"] == "realname_failed"
    assert client.post("/api/v1/register/person", json={**body, "id_number": new_id_number()}).status_code == 201
    # one code allows at most 5 uses (wrong or failed elsewhere): no unlimited probing with a valid code
    other = make_client()
    phone = new_phone()
    body = {**body, "phone": phone, "sms_code": send_code(other, phone)}
    statuses = [other.post("/api/v1/register/person", json={**body, "id_number": taken[i % 2]}).status_code
                for i in range(6)]
    assert statuses == [409, 409, 409, 409, 409, 400]


def test_registration_attempts_are_limited_per_ip(client, send_code):
    phone = new_phone()
    send_code(client, phone)
    body = {"mode": "phone", "phone": phone, "agree": True, "sms_code": "000000"}
    for _ in range(31):
        r = client.post("/api/v1/register/person", json=body)
    assert r.status_code == 429 and api_error(r)["code"] == "rate_limited" and "注册" in api_error(r)["message"]


@pytest.mark.parametrize("bad", ["南宁\x00示例有限公司", "南宁\u202e司公限有例示", "南宁\u200b示例有限公司", "南宁示例\n有限公司",
                                 "南宁\u2028示例公司", "12345678", "（）··（）", "南宁\ue000示例公司"])
def test_enterprise_name_rejects_invisible_and_control_characters(client, send_code, bad):
    """D4: a clear 400 naming the field (never a 500 — PostgreSQL refuses NUL), nothing stored."""
    r = client.post("/api/v1/register/enterprise", json=_enterprise_body(client, send_code, name=bad))
    assert r.status_code == 400, r.text
    err = api_error(r)
    assert err["code"] == "invalid_name" and err["field"] == "name" and "公司或单位名称" in err["message"]


@pytest.mark.parametrize(("field", "bad"), [("name", "王\x00测试"), ("name", "王\u202e测试"), ("name", "王\u200b测试"),
                                            ("name", "王\n测试"), ("name", "阿卜··买买提"), ("name", "··"),
                                            ("legal_rep_name", "赵\x00法人"), ("legal_rep_name", "赵\u202e法人")])
def test_person_names_reject_invisible_and_control_characters(client, send_code, field, bad):
    if field == "legal_rep_name":
        r = client.post("/api/v1/register/enterprise", json=_enterprise_body(client, send_code, legal_rep_name=bad))
    else:
        phone = new_phone()
        r = client.post("/api/v1/register/person", json={
            "mode": "realname", "id_type": "resident_id", "id_number": new_id_number(), "name": bad, "phone": phone,
            "agree": True, "sms_code": send_code(client, phone)})
    assert r.status_code == 400, r.text
    err = api_error(r)
    assert err["code"] == "invalid_person_name" and err["field"] == field and "姓名" in err["message"]


def test_names_are_nfc_normalised(client, register_enterprise):
    e = register_enterprise(client, name="Cafe\u0301 南宁有限公司")
    assert e["session"]["account"]["display_name"] == "Caf\u00e9 南宁有限公司"
