"""F2 #3: enterprise verification against the business registry (development provider: the seeded list of
``identity.providers.DEV_REGISTRY`` plus the documented rule for other codes), the role list after the legal
representative's face check, and reclaiming a credit code registered by someone else."""

from __future__ import annotations

import random

import pytest
from apihelpers import api_error, new_id_number, new_phone, set_verification_password
from sqlalchemy import inspect, text

from eseal.engine.ids import credit_check_char
from eseal.platform.core import downgrade_schema, upgrade_schema
from eseal.platform.identity.providers import DEV_REGISTRY

SEEDED, RECLAIMABLE = DEV_REGISTRY[0], DEV_REGISTRY[1]
REAL_REP_ID = "450103199001011238"  # the seeded legal representative 张示范 (as in the demo data)


def _code(organisation_prefix: str) -> str:
    body = organisation_prefix + "".join(random.choice("0123456789ABCDEFGH") for _ in range(9 - len(organisation_prefix)))
    first17 = "91450100" + body
    return first17 + credit_check_char(first17)


def _enterprise_body(client, send_code, **over):
    phone = over.pop("phone", new_phone())
    body = {"legal_type": "enterprise", "name": "南宁测试科技有限公司", "credit_code": _code("A"),
            "legal_rep_name": "赵法人", "legal_rep_id_number": new_id_number(), "phone": phone,
            "password": "Ent12345", "password_confirm": "Ent12345", "agree": True}
    body.update(over)
    body["sms_code"] = send_code(client, phone, account_type="enterprise")
    return body


def _register(client, send_code, **over):
    return client.post("/api/v1/register/enterprise", json=_enterprise_body(client, send_code, **over))


def _pass_face(client, check):
    assert check["simulated"] is True
    r = client.post(f"/api/v1/dev/face/{check['face_check_id']}/simulate", json={"outcome": "pass"})
    assert r.status_code == 200, r.text
    return check["face_check_id"]


def _enter(client):
    """§3.2 enterprise entry: the legal representative's face check (simulated), then the entry."""
    r = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"})
    fc = _pass_face(client, r.json())
    assert client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200


# ---------------------------------------------------------------- registration checks the registry

def test_seeded_entry_registers_when_all_three_match(client, send_code):
    r = _register(client, send_code, credit_code=SEEDED.credit_code, name=SEEDED.name,
                  legal_rep_name=SEEDED.legal_rep_name)
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"name": "广西另一家科技有限公司"}, "name", "公司或单位名称与登记机关的记录不一致，请按营业执照填写"),
    ({"legal_rep_name": "王冒充"}, "legal_rep_name", "法定代表人姓名与登记机关的记录不一致"),
    ({"name": "广西另一家科技有限公司", "legal_rep_name": "王冒充"}, "name",
     "公司或单位名称、法定代表人与登记机关的记录不一致，请按营业执照填写"),
])
def test_registry_mismatch_is_a_clear_chinese_error(client, send_code, over, field, message):
    body = {"credit_code": SEEDED.credit_code, "name": SEEDED.name, "legal_rep_name": SEEDED.legal_rep_name, **over}
    r = _register(client, send_code, **body)
    assert r.status_code == 400, r.text
    assert api_error(r) == {"code": "registry_mismatch", "message": message, "field": field}
    assert client.get("/api/v1/session").json()["authenticated"] is False


def test_unknown_credit_code_is_not_found(client, send_code):
    r = _register(client, send_code, credit_code=_code("0000"))
    assert r.status_code == 400
    assert api_error(r) == {"code": "registry_not_found", "message": "登记机关未查询到该统一社会信用代码，请核对后重试",
                            "field": "credit_code"}


def test_registry_failure_refuses_registration(client, send_code):
    r = _register(client, send_code, credit_code=_code("9999"))
    assert r.status_code == 502 and api_error(r)["code"] == "provider_error"
    assert client.get("/api/v1/session").json()["authenticated"] is False


def test_health_names_the_registry_provider(client):
    assert client.get("/api/v1/health").json()["providers"]["registry"] == "dev"


# ---------------------------------------------------------------- role list only after the legal-rep face check

def test_enterprise_naming_a_person_is_not_in_their_roles_until_the_face_check(make_client, register_person,
                                                                               send_code):
    person = make_client()
    p = register_person(person)
    squatter = make_client()
    assert _register(squatter, send_code, legal_rep_name="王测试", legal_rep_id_number=p["id_number"]).status_code == 201
    roles = person.get("/api/v1/me/roles").json()["roles"]
    assert [r["type"] for r in roles] == ["self"]  # naming someone as legal representative gives nothing
    r = person.post("/api/v1/face/checks", json={"purpose": "role_switch", "enterprise_id": 2})
    assert r.status_code == 404
    _enter(squatter)  # the legal representative's face check for this enterprise (simulated: it "passes")
    roles = person.get("/api/v1/me/roles").json()["roles"]
    assert [r["type"] for r in roles] == ["self", "enterprise"]


# ---------------------------------------------------------------- reclaim

def _squat(client, send_code):
    """Someone registers the reclaimable seeded code with the real names (public) but another ID number."""
    r = _register(client, send_code, credit_code=RECLAIMABLE.credit_code, name=RECLAIMABLE.name,
                  legal_rep_name=RECLAIMABLE.legal_rep_name, password="Squat1234", password_confirm="Squat1234")
    assert r.status_code == 201, r.text
    return r.json()["session"]["account"]["id"]


def _claim(**over):
    return {"credit_code": RECLAIMABLE.credit_code, "name": RECLAIMABLE.name,
            "legal_rep_name": RECLAIMABLE.legal_rep_name, "legal_rep_id_number": REAL_REP_ID, **over}


def _reclaim(client, send_code, face_check_id, **over):
    phone = over.pop("phone", new_phone())
    body = {**_claim(), "phone": phone, "password": "Mine12345", "password_confirm": "Mine12345", "agree": True,
            "face_check_id": face_check_id, **over}
    body["sms_code"] = send_code(client, phone, purpose="reclaim")
    return client.post("/api/v1/enterprise/reclaim", json=body)


def _login(client, password):
    return client.post("/api/v1/auth/enterprise/login", json={"credit_code": RECLAIMABLE.credit_code,
                                                              "password": password, "agree": True})


def test_the_real_legal_representative_reclaims_a_squatted_code(app, make_client, register_person, send_code):
    squatter = make_client()
    account_id = _squat(squatter, send_code)
    _enter(squatter)
    set_verification_password(squatter)  # a lasting willingness credential of the squatter
    assert squatter.get("/api/v1/me").json()["account"]["has_verification_password"] is True

    rep = make_client()
    check = rep.post("/api/v1/enterprise/reclaim/face-check", json={**_claim(), "return_to": "/enterprise/reclaim"})
    assert check.status_code == 201, check.text
    assert check.json()["purpose"] == "reclaim" and check.json()["subject_name_masked"].startswith("张")
    assert "示范" not in check.json()["subject_name_masked"]
    r = _reclaim(rep, send_code, _pass_face(rep, check.json()))
    assert r.status_code == 200, r.text

    # the squatter's sessions are over, their password no longer works; the reclaimer's new one does
    assert squatter.get("/api/v1/me").status_code == 401
    assert _login(make_client(), "Squat1234").status_code == 401
    owner = make_client()
    s = _login(owner, "Mine12345").json()["session"]
    assert s["account"]["id"] == account_id and s["account"]["legal_rep_id_masked"].startswith("45")
    assert s["account"]["has_verification_password"] is False
    # the real legal representative's person account now lists the enterprise (face check passed for it)
    person = make_client()
    register_person(person, id_number=REAL_REP_ID, name="张示范")
    assert any(x.get("enterprise_id") == account_id for x in person.get("/api/v1/me/roles").json()["roles"])
    # audited
    _enter(owner)
    events = [x["event"] for x in owner.get("/api/v1/me/auth-records").json()["records"]]
    assert "enterprise.reclaimed" in events


def test_reclaim_of_an_unregistered_code_says_register(make_client):
    r = make_client().post("/api/v1/enterprise/reclaim/face-check",
                           json=_claim(credit_code=SEEDED.credit_code, name=SEEDED.name))
    assert api_error(r) == {"code": "account_not_found", "message": "该统一社会信用代码尚未注册，请直接注册",
                            "field": "credit_code"}


def test_reclaim_needs_the_registry_match(make_client, send_code):
    _squat(make_client(), send_code)
    r = make_client().post("/api/v1/enterprise/reclaim/face-check", json=_claim(legal_rep_name="王冒充"))
    assert r.status_code == 400 and api_error(r)["code"] == "registry_mismatch"


def test_reclaim_needs_a_passed_face_check_of_the_claimed_identity(make_client, send_code):
    squatter = make_client()
    _squat(squatter, send_code)
    rep = make_client()
    # no face check / a failed one / one from another browser / one for another ID number
    assert api_error(_reclaim(rep, send_code, ""))["code"] == "face_not_passed"
    failed = rep.post("/api/v1/enterprise/reclaim/face-check", json=_claim()).json()
    rep.post(f"/api/v1/dev/face/{failed['face_check_id']}/simulate", json={"outcome": "fail"})
    assert api_error(_reclaim(rep, send_code, failed["face_check_id"]))["code"] == "face_not_passed"
    other = make_client()
    theirs = _pass_face(other, other.post("/api/v1/enterprise/reclaim/face-check", json=_claim()).json())
    assert api_error(_reclaim(rep, send_code, theirs))["code"] == "face_not_passed"
    another_id = new_id_number()
    wrong = _pass_face(rep, rep.post("/api/v1/enterprise/reclaim/face-check",
                                     json=_claim(legal_rep_id_number=another_id)).json())
    assert api_error(_reclaim(rep, send_code, wrong))["code"] == "face_not_passed"
    # nothing changed: the squatter is still logged in and their password works
    assert squatter.get("/api/v1/session").json()["authenticated"] is True
    assert _login(make_client(), "Squat1234").status_code == 200


# ---------------------------------------------------------------- migration 0005

def test_migration_0005_adds_the_column_backfills_from_entries_and_goes_down(app, client, make_client,
                                                                            register_enterprise):
    """Up and down on the test database (SQLite, and PostgreSQL with ESEAL_TEST_DATABASE=postgresql)."""
    engine = app.state.services.engine
    register_enterprise(client)  # account 1: enters (face check passed)
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    assert client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200
    register_enterprise(make_client())  # account 2: never entered
    app.state.services.engine.dispose()

    downgrade_schema(engine, "0004_keyed_audit_chain")
    assert "legal_rep_face_verified_at" not in {c["name"] for c in inspect(engine).get_columns("accounts")}
    upgrade_schema(engine, revision="0005_legal_rep_face_verified")
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, legal_rep_face_verified_at FROM accounts ORDER BY id")).all())
    assert rows[1] is not None and rows[2] is None
    upgrade_schema(engine)
