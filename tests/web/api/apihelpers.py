"""Plain helpers for the API tests (a uniquely named module: several conftest.py files exist)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from eseal.engine.ids import generate_citizen_id

_seq = itertools.count(100)


def new_phone() -> str:
    return f"139{next(_seq):08d}"


def new_id_number() -> str:
    seq = next(_seq) % 999 + 1
    return generate_citizen_id("450103", date(1988, 3, 14), seq, "M" if seq % 2 else "F")


def api_error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert "error" in body, body
    return body["error"]




def fresh_proof(client: Any, action: str, target_id: int | str | None = None) -> str:
    """A satisfied willingness challenge for ``action`` (SMS code to the account's bound phone, read from the
    dev outbox): the fresh proof asked for before adding a persistent credential (核验密码, OAuth binding)."""
    from sqlalchemy import select

    from eseal.platform.identity import SmsOutbox
    from eseal.web.dev import _code_in

    account = client.get("/api/v1/me").json()["account"]
    r = client.post("/api/v1/willingness/challenges", json={"action": action, "target_type": "account",
                                                            "target_id": str(target_id or account["id"])})
    assert r.status_code == 201, r.text
    cid = r.json()["challenge_id"]
    r = client.post(f"/api/v1/willingness/challenges/{cid}/sms", json={})
    assert r.status_code == 200, r.text
    services = client.app.state.services
    with services.session() as db:
        text = db.scalars(select(SmsOutbox.text).order_by(SmsOutbox.id.desc()).limit(1)).first()
    r = client.post(f"/api/v1/willingness/challenges/{cid}/satisfy", json={"method": "sms", "sms_code": _code_in(text)})
    assert r.status_code == 200, r.text
    services.clock.advance(seconds=61)  # the next SMS is past the cooldown
    return cid


def set_verification_password(client: Any, pw: str = "135790") -> None:
    """Set the first 核验密码 the way the H5 page does (SMS willingness first)."""
    cid = fresh_proof(client, "account.set_verification_password")
    r = client.post("/api/v1/me/verification-password", json={"password": pw, "password_confirm": pw,
                                                             "willingness_challenge_id": cid})
    assert r.status_code == 200, r.text


def switch_with_face(client: Any, enterprise_id: int, outcome: str = "pass") -> Any:
    """Role switch as the legal representative: face check of this person for this enterprise, then switch."""
    r = client.post("/api/v1/face/checks", json={"purpose": "role_switch", "enterprise_id": enterprise_id})
    assert r.status_code == 201, r.text
    fc = r.json()["face_check_id"]
    client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": outcome})
    return client.post("/api/v1/session/acting-as", json={"enterprise_id": enterprise_id, "face_check_id": fc})


def pass_enterprise_gate(client: Any) -> None:
    """The §3.2 gate of an enterprise session: the legal representative's face check (dev simulator), then
    enterprise entry. Until then the API answers 403 enterprise_face_required (test_f2_security_gate.py)."""
    r = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"})
    assert r.status_code == 201, r.text
    fc = r.json()["face_check_id"]
    assert client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"}).status_code == 200
    r = client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc})
    assert r.status_code == 200 and r.json()["session"]["needs_enterprise_face_check"] is False, r.text
