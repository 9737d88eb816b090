"""ID numbers at rest (PIPL sensitive personal information): the raw database rows hold neither the
number nor an unkeyed hash of it, and every lookup that needs the number still works."""

from __future__ import annotations

import hashlib
from typing import Any

from apihelpers import api_error, new_id_number, switch_with_face
from sqlalchemy import text


def _raw_dump(app: Any) -> str:
    """Every value of every platform table, as the database stores it (what a leaked dump shows)."""
    chunks = []
    with app.state.services.engine.connect() as conn:
        for table in ("accounts", "face_checks", "login_throttles", "audit_log", "rate_events", "web_sessions",
                      "willingness_challenges"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                chunks.extend(str(v) for v in row)
    return "\n".join(chunks)


def _forbidden_forms(number: str) -> list[str]:
    """The number itself and unkeyed hashes someone could precompute for all ~10^10 valid IDs."""
    forms = [number, number.lower(), number[6:14] + number[-4:]]
    for material in (number, f"resident_id:{number}"):
        for algo in ("sha256", "sha1", "md5", "sm3"):
            try:
                forms.append(hashlib.new(algo, material.encode()).hexdigest())
            except ValueError:  # sm3 missing from this OpenSSL build
                from eseal.engine.gm.sm3 import sm3

                forms.append(sm3(material.encode()).hex())
    return forms


def test_raw_rows_hold_no_id_number_and_lookups_still_work(app, client, make_client, register_person,
                                                           register_enterprise, send_code):
    rep_id = new_id_number()
    ent = register_enterprise(client, legal_rep_id_number=rep_id, legal_rep_name="赵法人")
    # F2 #3: the legal representative's face check for the enterprise puts it into their role list
    fc = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    assert client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200
    # the legal representative registers personally with the same ID number (role switch match)
    rep_browser = make_client()
    rep = register_person(rep_browser, id_number=rep_id, name="赵法人")
    # duplicate registration is still detected (blind index)
    again = make_client()
    r = again.post("/api/v1/register/person", json={
        "mode": "realname", "id_type": "resident_id", "id_number": rep_id, "name": "赵法人",
        "phone": "13912300001", "sms_code": send_code(again, "13912300001"), "agree": True})
    assert r.status_code == 409 and api_error(r)["field"] == "id_number"
    # log in by ID number (password) still works, and so does the lookup step
    login = make_client()
    assert login.post("/api/v1/auth/person/lookup", json={"account": rep_id}).json()["registered"] is True
    r = login.post("/api/v1/auth/person/login", json={"account": rep_id, "method": "password",
                                                       "password": "Passw0rd1", "agree": True})
    assert r.status_code == 200, r.text
    me = r.json()["session"]["account"]
    assert me["id_number_masked"] == rep_id[:4] + "*" * 10 + rep_id[-4:]
    # role switch: legal-rep ID ↔ person ID
    roles = login.get("/api/v1/me/roles").json()["roles"]
    ent_id = ent["session"]["account"]["id"]
    assert [x["enterprise_id"] for x in roles if x["type"] == "enterprise"] == [ent_id]
    assert switch_with_face(login, ent_id).status_code == 200
    # a face check stores only blind index + mask; a failed ID login leaves a throttle row
    r = login.post("/api/v1/face/checks", json={"purpose": "login", "account_type": "person", "account": rep_id})
    assert r.status_code == 201
    bad = make_client().post("/api/v1/auth/person/login", json={"account": rep_id, "method": "password",
                                                                 "password": "wrong-Passw0rd", "agree": True})
    assert bad.status_code == 401
    # the enterprise's masked legal representative ID is still shown
    assert ent["session"]["account"]["legal_rep_id_masked"] == rep_id[:4] + "*" * 10 + rep_id[-4:]
    dump = _raw_dump(app)
    assert rep["id_number"] == rep_id
    for form in _forbidden_forms(rep_id):
        assert form not in dump, f"raw database contains {form!r}"
    # ...but the ciphertext is there and decrypts with the platform key
    svc = app.state.services
    with svc.engine.connect() as conn:
        enc, rep_enc = conn.execute(text(
            "SELECT p.id_number_enc, e.legal_rep_id_enc FROM accounts p, accounts e "
            "WHERE p.id = :p AND e.id = :e"), {"p": me["id"], "e": ent_id}).one()
    assert enc.startswith("sm4gcm1.") and enc != rep_enc  # random nonces: equal numbers, different ciphertexts
    assert svc.pii.decrypt(enc, field="accounts.id_number") == rep_id
    assert svc.pii.decrypt(rep_enc, field="accounts.legal_rep_id_number") == rep_id


def test_face_check_for_enterprise_entry_decrypts_the_legal_rep_id(app, client, register_enterprise):
    """The liveness service is the one consumer of the clear number: it receives the decrypted value."""
    seen: list[str] = []
    face = app.state.services.providers.face
    original = face.start

    def spy(**kwargs: Any) -> Any:
        seen.append(kwargs["id_number"])
        return original(**kwargs)

    face.start = spy
    try:
        rep_id = new_id_number()
        register_enterprise(client, legal_rep_id_number=rep_id)
        r = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"})
        assert r.status_code == 201, r.text
    finally:
        del face.start
    assert seen == [rep_id]
