"""ID-number encryption (eseal.platform.pii), the wrong-master-key error, and migration 0002 converting a
populated 0001 database (runs on SQLite and, with ESEAL_TEST_DATABASE=postgresql, on PostgreSQL)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect, text

from eseal.platform.core import (
    PiiCipher,
    PiiKeyError,
    SettingsError,
    UTCDateTime,
    downgrade_schema,
    hash_password,
    upgrade_schema,
)

KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))
REP_ID = "450103199001011238"      # legal representative (also a person account)
PERSON_ID = "45010219920520342X"


def test_roundtrip_and_blind_index_are_keyed():
    a, b = PiiCipher(KEY_A), PiiCipher(KEY_B)
    enc = a.encrypt(REP_ID, field="accounts.id_number")
    assert REP_ID not in enc and a.decrypt(enc, field="accounts.id_number") == REP_ID
    assert a.encrypt(REP_ID, field="accounts.id_number") != enc  # random nonce
    assert a.blind_index("resident_id", REP_ID) == a.blind_index("resident_id", REP_ID)
    assert a.blind_index("resident_id", REP_ID) != b.blind_index("resident_id", REP_ID)
    assert a.blind_index("resident_id", REP_ID) != a.blind_index("hk_macao_permit", REP_ID)
    assert "sm4gcm1" not in repr(a) and a.key_id in repr(a)


def test_wrong_master_key_is_a_clear_error_not_garbage():
    enc = PiiCipher(KEY_A).encrypt(REP_ID, field="accounts.id_number")
    with pytest.raises(PiiKeyError, match=r"encrypted under master key [0-9a-f]{16}.*ESEAL_MASTER_KEY_FILE"):
        PiiCipher(KEY_B).decrypt(enc, field="accounts.id_number")
    # same key, but the value was moved to another column (AAD) or altered
    with pytest.raises(PiiKeyError, match="fails authentication"):
        PiiCipher(KEY_A).decrypt(enc, field="accounts.legal_rep_id_number")
    tampered = enc[:-6] + ("AAAA==" if not enc.endswith("AAAA==") else "BBBB==")
    with pytest.raises(PiiKeyError):
        PiiCipher(KEY_A).decrypt(tampered, field="accounts.id_number")


def _write_key(data_dir: Path, key: bytes) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "master.key"
    path.write_text(key.hex() + "\n")
    os.chmod(path, 0o600)


def _services(engine: Any, data_dir: Path) -> Any:
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import FrozenClock, Settings

    settings = Settings(data_dir=data_dir, database_url=engine.url.render_as_string(hide_password=False))
    return build_services(settings, clock=FrozenClock(), engine=engine)


def test_service_refuses_to_start_with_another_master_key(db_engine, tmp_path):
    from eseal.platform.demo import seed_demo

    _write_key(tmp_path / "a", KEY_A)
    seed_demo(_services(db_engine, tmp_path / "a"))
    _write_key(tmp_path / "b", KEY_B)
    with pytest.raises(SettingsError, match=r"encrypted under master key .* configure the original master key"):
        _services(db_engine, tmp_path / "b")


# ------------------------------------------------------------------------------------------ migration 0002

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
OLD_ACCOUNTS = sa.table(
    "accounts", *(sa.column(c) for c in (
        "id", "kind", "status", "phone", "password_hash", "legal_type", "enterprise_name", "credit_code",
        "legal_rep_name", "legal_rep_id_type", "legal_rep_id_number", "person_name", "id_type", "id_number",
        "id_key", "login_phone", "realname_verified")), sa.column("created_at", UTCDateTime()))
OLD_FACE = sa.table("face_checks", *(sa.column(c) for c in (
    "id", "purpose", "account_id", "subject_name", "subject_id_type", "subject_id_number", "client_binding",
    "provider", "status")), sa.column("created_at", UTCDateTime()), sa.column("expires_at", UTCDateTime()))
OLD_THROTTLE = sa.table("login_throttles", sa.column("key"), sa.column("failures"))


def _at_revision_0001(engine: Any) -> None:
    if "accounts" in inspect(engine).get_table_names():
        downgrade_schema(engine, "0001_platform_core")  # SQLite test databases start at head (empty)
    else:
        upgrade_schema(engine, revision="0001_platform_core")
    assert "id_number" in {c["name"] for c in inspect(engine).get_columns("accounts")}


def _populate_0001(engine: Any) -> None:
    pw = hash_password("Passw0rd1")
    common = {"status": "active", "created_at": NOW, "password_hash": pw}
    with engine.begin() as conn:
        for row in [
            {**common, "id": 1, "kind": "enterprise", "phone": "13800000001", "legal_type": "enterprise",
             "enterprise_name": "广西示范电子印章科技有限公司", "credit_code": "91450100MA5DEM0013",
             "legal_rep_name": "张示范", "legal_rep_id_type": "resident_id", "legal_rep_id_number": REP_ID,
             "realname_verified": False},
            {**common, "id": 2, "kind": "person", "phone": "13800000002", "login_phone": "13800000002",
             "person_name": "张示范", "id_type": "resident_id", "id_number": REP_ID,
             "id_key": f"resident_id:{REP_ID}", "realname_verified": True},
            {**common, "id": 3, "kind": "person", "phone": "13800000003", "login_phone": "13800000003",
             "person_name": "李示例", "id_type": "resident_id", "id_number": PERSON_ID,
             "id_key": f"resident_id:{PERSON_ID}", "realname_verified": True},
            {**common, "id": 4, "kind": "person", "phone": "13800000004", "login_phone": "13800000004",
             "realname_verified": False},
        ]:
            conn.execute(OLD_ACCOUNTS.insert().values(**row))
        conn.execute(OLD_FACE.insert(), [{
            "id": "fc_old", "purpose": "login", "account_id": 3, "subject_name": "李示例",
            "subject_id_type": "resident_id", "subject_id_number": PERSON_ID, "client_binding": "x" * 64,
            "provider": "dev", "status": "passed", "created_at": NOW, "expires_at": NOW}])
        conn.execute(OLD_THROTTLE.insert(), [{"key": f"person:resident_id:{PERSON_ID}", "failures": 3},
                                             {"key": "person:phone:13800000004", "failures": 1}])


def _dump(engine: Any) -> str:
    with engine.connect() as conn:
        return "\n".join(str(v) for table in ("accounts", "face_checks", "login_throttles")
                         for row in conn.execute(text(f"SELECT * FROM {table}")) for v in row)


def test_upgrade_from_0001_encrypts_a_populated_database(db_engine, tmp_path, browser_client):
    _at_revision_0001(db_engine)
    _populate_0001(db_engine)
    # without the master key the data migration refuses (and leaves the database at 0001)
    with pytest.raises(RuntimeError, match="needs the platform master key"):
        upgrade_schema(db_engine)
    assert "id_number" in {c["name"] for c in inspect(db_engine).get_columns("accounts")}

    upgrade_schema(db_engine, master_key=KEY_A)
    columns = {c["name"] for c in inspect(db_engine).get_columns("accounts")}
    assert "id_number" not in columns and "legal_rep_id_number" not in columns
    assert "subject_id_number" not in {c["name"] for c in inspect(db_engine).get_columns("face_checks")}
    dump = _dump(db_engine)
    for number in (REP_ID, PERSON_ID):
        assert number not in dump
    pii = PiiCipher(KEY_A)
    with db_engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(text(
            "SELECT id, id_key, id_number_enc, id_number_masked, legal_rep_id_enc, legal_rep_id_key, "
            "legal_rep_id_masked FROM accounts"))}
        face_key = conn.scalar(text("SELECT subject_id_key FROM face_checks"))
        keys = set(conn.scalars(text("SELECT key FROM login_throttles")))
    assert pii.decrypt(rows[1].legal_rep_id_enc, field="accounts.legal_rep_id_number") == REP_ID
    assert pii.decrypt(rows[3].id_number_enc, field="accounts.id_number") == PERSON_ID
    assert rows[1].legal_rep_id_key == rows[2].id_key == pii.blind_index("resident_id", REP_ID)
    assert rows[3].id_number_masked == "4501**********342X" and rows[1].legal_rep_id_masked == "4501**********1238"
    assert rows[4].id_key is None and rows[4].id_number_enc is None
    assert face_key == pii.blind_index("resident_id", PERSON_ID)
    assert keys == {f"person:id:{pii.blind_index('resident_id', PERSON_ID)}", "person:phone:13800000004"}

    # the upgraded data works through the app: ID login, role switch, the re-keyed lockout counter
    from eseal.web.app import create_app

    _write_key(tmp_path / "data", KEY_A)
    app = create_app(services=_services(db_engine, tmp_path / "data"), include_pages=False)
    c = browser_client(app)
    r = c.post("/api/v1/auth/person/login", json={"account": REP_ID, "method": "password",
                                                   "password": "Passw0rd1", "agree": True})
    assert r.status_code == 200, r.text
    assert r.json()["session"]["account"]["id_number_masked"] == "4501**********1238"
    # F2 #3: the enterprise is in the legal representative's role list once the legal-rep face check passed for it
    ent = browser_client(app)
    assert ent.post("/api/v1/auth/enterprise/login", json={"credit_code": "91450100MA5DEM0013",
                                                           "password": "Passw0rd1", "agree": True}).status_code == 200
    fc = ent.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()["face_check_id"]
    ent.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    assert ent.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200
    # (acting as the enterprise needs the legal representative's own face check, bound to the re-keyed ID index)
    fc = c.post("/api/v1/face/checks", json={"purpose": "role_switch", "enterprise_id": 1}).json()["face_check_id"]
    c.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    assert c.post("/api/v1/session/acting-as", json={"enterprise_id": 1, "face_check_id": fc}).status_code == 200
    body = {"account": PERSON_ID.lower(), "method": "password", "password": "nope-Passw0rd", "agree": True}
    assert c.post("/api/v1/auth/person/login", json=body).status_code == 401
    # the re-keyed counter was found: its 3 failures (of no known source) carried over to the account-wide
    # counter (F2 #5: 5 per source, 30 per account), the 4th counted on top
    with db_engine.connect() as conn:
        assert conn.scalar(text("SELECT failures FROM login_throttles WHERE key = 'person:account:3'")) == 4

    # and back: the downgrade decrypts with the key
    downgrade_schema(db_engine, "0001_platform_core", master_key=KEY_A)
    with db_engine.connect() as conn:
        restored = dict(conn.execute(text("SELECT id, id_number FROM accounts WHERE id_number IS NOT NULL")).all())
        assert conn.scalar(text("SELECT legal_rep_id_number FROM accounts WHERE id = 1")) == REP_ID
        assert conn.scalar(text("SELECT id_key FROM accounts WHERE id = 3")) == f"resident_id:{PERSON_ID}"
    assert restored == {2: REP_ID, 3: PERSON_ID}
    upgrade_schema(db_engine, master_key=KEY_A)  # leave it at head for the fixture's teardown
