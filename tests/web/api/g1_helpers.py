"""Helpers of the G1 API tests: an enterprise (past the §3.2 gate) with two real seals, a grantee person, the
willingness steps of 新增授权 / 接收授权 / 撤销 (SMS to the bound phone, read from the dev outbox)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from apihelpers import pass_enterprise_gate, switch_with_face
from d1_helpers import issue, me, real_time, sms_satisfy


def proof(client: Any, action: str, target_type: str, target_id: int | str) -> str:
    r = client.post("/api/v1/willingness/challenges", json={"action": action, "target_type": target_type,
                                                            "target_id": str(target_id)})
    assert r.status_code == 201, r.text
    cid = r.json()["challenge_id"]
    sms_satisfy(client, cid)
    return cid


def company(app: Any, client: Any, register_enterprise: Any) -> dict[str, Any]:
    reg = register_enterprise(client)
    pass_enterprise_gate(client)
    ent_id = me(client)["id"]
    seals = [issue(app, ent_id, kind, holder_name=reg["name"], credit_code=reg["credit_code"])
             for kind in ("contract", "finance")]
    return {"reg": reg, "id": ent_id, "seals": seals}


def world(app: Any, make_client: Any, register_enterprise: Any, register_person: Any) -> dict[str, Any]:
    real_time(app)
    ent = make_client()
    a = company(app, ent, register_enterprise)
    person = make_client()
    preg = register_person(person)
    return {"ent": ent, "a": a, "person": person, "preg": preg, "person_id": me(person)["id"]}


def window(app: Any, start_h: float = -1, end_h: float = 24) -> dict[str, str]:
    now = app.state.services.clock.now()
    return {"starts_at": (now + timedelta(hours=start_h)).isoformat(),
            "ends_at": (now + timedelta(hours=end_h)).isoformat()}


def create(app: Any, ent: Any, ent_id: int, preg: dict[str, Any], *, role: str = "grantee", **body: Any) -> Any:
    payload: dict[str, Any] = {"role": role, "name": preg["name"], "id_number": preg["id_number"],
                               "phone": preg["phone"], "department": "办公室"}
    if role == "grantee" and "starts_at" not in body:
        payload.update(window(app))
    payload.update(body)
    payload.setdefault("willingness_challenge_id", proof(ent, "grant.create", "enterprise", ent_id))
    return ent.post("/api/v1/grants", json=payload)


def accept(person: Any, grant_id: int) -> Any:
    cid = proof(person, "grant.accept", "grant", grant_id)
    return person.post(f"/api/v1/me/grants/{grant_id}/accept", json={"willingness_challenge_id": cid})


def granted_and_acting(app: Any, w: dict[str, Any], *, role: str = "grantee", **body: Any) -> int:
    """A grant created, accepted, and the person switched to the enterprise; the grant id."""
    r = create(app, w["ent"], w["a"]["id"], w["preg"], role=role, **body)
    assert r.status_code == 201, r.text
    gid = r.json()["grant"]["id"]
    assert accept(w["person"], gid).status_code == 200
    r = switch_with_face(w["person"], w["a"]["id"])
    assert r.status_code == 200, r.text
    return int(gid)
