"""S1b: the seal application end to end through the API (enterprise with both certificate authentications, the
same person twice, persons with a square seal in a chosen font and a hand-drawn seal) — real DB, real images,
real PDFs signed by the platform seal (GM profile, platform TSA), real issuance (S1a)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from apihelpers import new_id_number, new_phone, pass_enterprise_gate

ENT_SLOTS = ("business_license", "legal_rep_id_front", "legal_rep_id_back", "handler_id_front", "handler_id_back")
PERSON_SLOTS = ("id_front", "id_back")
PW = "135790"


def jpeg(size: tuple[int, int] = (64, 48), exif: bool = True) -> bytes:
    from PIL import Image

    img = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    kw: dict[str, Any] = {}
    if exif:
        ex = Image.Exif()
        ex[0x010F] = "SecretCam"  # Make
        ex[0x0131] = "GPS-leaking-app"  # Software
        kw["exif"] = ex.tobytes()
    img.save(out, "JPEG", **kw)
    return out.getvalue()


def signature_png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.line([(20, 90), (80, 20), (140, 100), (220, 30), (280, 80)], fill=(0, 0, 0, 255), width=6)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def person_form(name: str = "李经办", id_number: str | None = None, phone: str | None = None) -> dict[str, str]:
    return {"name": name, "id_type": "resident_id", "id_number": id_number or new_id_number(),
            "phone": phone or new_phone()}


def enterprise(client: Any, register_enterprise: Any) -> dict[str, Any]:
    ent = register_enterprise(client)
    pass_enterprise_gate(client)
    return ent


def forms_for(ent: dict[str, Any], *, same_person: bool = False) -> dict[str, Any]:
    legal = person_form("赵法人", ent["legal_rep_id_number"])
    handler = dict(legal) if same_person else person_form()
    return {"handler": handler, "legal_rep": legal, "unit": {"name": ent["name"], "credit_code": ent["credit_code"]}}


def upload(client: Any, app_id: int, slot: str, data: bytes, name: str = "a.jpg", ctype: str = "image/jpeg") -> Any:
    return client.post(f"/api/v1/seal-applications/{app_id}/materials/{slot}", files={"file": (name, data, ctype)})


def willingness(client: Any, app_id: int) -> str:
    from sqlalchemy import select

    from eseal.platform.identity import SmsOutbox
    from eseal.web.dev import _code_in

    r = client.post("/api/v1/willingness/challenges", json={"action": "seal.apply", "target_type": "seal_application",
                                                            "target_id": str(app_id)})
    assert r.status_code == 201, r.text
    cid = r.json()["challenge_id"]
    assert client.post(f"/api/v1/willingness/challenges/{cid}/sms", json={}).status_code == 200
    services = client.app.state.services
    with services.session() as db:
        text = db.scalars(select(SmsOutbox.text).order_by(SmsOutbox.id.desc()).limit(1)).first()
    r = client.post(f"/api/v1/willingness/challenges/{cid}/satisfy", json={"method": "sms", "sms_code": _code_in(text)})
    assert r.status_code == 200, r.text
    services.clock.advance(seconds=61)
    return cid


def prepare_enterprise(client: Any, ent: dict[str, Any], *, same_person: bool = False, kinds: Any = None) -> dict:
    body = {"select_all": True} if kinds is None else {"seal_kinds": kinds}
    r = client.post("/api/v1/seal-applications", json=body)
    assert r.status_code == 201, r.text
    app = r.json()["application"]
    forms = forms_for(ent, same_person=same_person)
    r = client.put(f"/api/v1/seal-applications/{app['id']}/forms", json=forms)
    assert r.status_code == 200, r.text
    for slot in ENT_SLOTS:
        assert upload(client, app["id"], slot, jpeg()).status_code == 201
    r = client.put(f"/api/v1/seal-applications/{app['id']}/method",
                   json={"method": "password", "password": PW, "password_confirm": PW})
    assert r.status_code == 200 and r.json()["application"]["state"] == "willingness", r.text
    return {"id": app["id"], "forms": forms}


def submit(client: Any, app_id: int) -> dict[str, Any]:
    cid = willingness(client, app_id)
    r = client.post(f"/api/v1/seal-applications/{app_id}/submit", json={"willingness_challenge_id": cid})
    assert r.status_code == 200, r.text
    return r.json()["application"]


def link_token(sms_outbox: Any, phone: str) -> str:
    for message in sms_outbox(phone):
        m = re.search(r"/cert-auth/([A-Za-z0-9_\-]+)", message["text"])
        if m:
            return m.group(1)
    raise AssertionError(f"no certificate-application link sent to {phone}")


def authenticate(client: Any, token: str, outcome: str = "pass") -> dict[str, Any]:
    """The whole step: open (前往签署) → form → face → 完成身份认证 → signature."""
    r = client.get(f"/api/v1/cert-auth/{token}")
    assert r.status_code == 200 and r.json()["cert_auth"]["state"] == "open", r.text
    r = client.post(f"/api/v1/cert-auth/{token}/open")
    assert r.status_code == 200 and r.json()["cert_auth"]["step"] == "form", r.text
    r = client.get(f"/api/v1/cert-auth/{token}/form.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF"), r.text
    r = client.post(f"/api/v1/cert-auth/{token}/face")
    assert r.status_code == 201, r.text
    fc = r.json()["face_check_id"]
    assert client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": outcome}).status_code == 200
    r = client.post(f"/api/v1/cert-auth/{token}/face/complete", json={"face_check_id": fc})
    if outcome != "pass":
        return {"face": r}
    assert r.status_code == 200 and r.json()["cert_auth"]["step"] == "signature", r.text
    r = client.post(f"/api/v1/cert-auth/{token}/signature", files={"file": ("s.png", signature_png(), "image/png")})
    assert r.status_code == 200, r.text
    return r.json()["cert_auth"]


def get_app(client: Any, app_id: int) -> dict[str, Any]:
    r = client.get(f"/api/v1/seal-applications/{app_id}")
    assert r.status_code == 200, r.text
    return r.json()["application"]


# ------------------------------------------------------------------------------------------------ tests

def test_enterprise_applies_for_all_five_through_both_authentications(client, register_enterprise, sms_outbox):
    ent = enterprise(client, register_enterprise)
    prepared = prepare_enterprise(client, ent)
    app = submit(client, prepared["id"])
    assert app["state"] == "auth_legal_rep"
    assert [s["role"] for s in app["auth_steps"]] == ["legal_rep", "handler"]
    records = client.get("/api/v1/seal-applications").json()["records"]
    assert [(r["id"], r["step_label"]) for r in records] == [(app["id"], "等待法人认证")]
    # the handler's link is not sent before the legal representative signed
    handler_phone = prepared["forms"]["handler"]["phone"]
    assert not [m for m in sms_outbox(handler_phone) if "/cert-auth/" in m["text"]]
    authenticate(client, link_token(sms_outbox, prepared["forms"]["legal_rep"]["phone"]))
    app = get_app(client, app["id"])
    assert app["state"] == "auth_handler"
    assert client.get("/api/v1/seal-applications").json()["records"][0]["step_label"] == "等待经办人认证"
    authenticate(client, link_token(sms_outbox, handler_phone))
    app = get_app(client, app["id"])
    assert app["state"] == "done", app
    assert len(app["seal_ids"]) == 5
    assert client.get("/api/v1/seal-applications").json()["records"] == []
    kinds = client.get("/api/v1/seal-applications/options").json()["kinds"]
    assert all(k["held"] for k in kinds)


def test_signed_forms_are_platform_signed_gm_evidence(app, client, register_enterprise, sms_outbox):
    """Each signed form is a PDF with the signature in it, signed by the platform seal (GM, trusted time)."""
    from sqlalchemy import select

    from eseal.engine.pdf import TrustStore, verify_pdf
    from eseal.platform.seals.applications import SealApplicationAuth
    from eseal.platform.storage import open_blob

    ent = enterprise(client, register_enterprise)
    prepared = prepare_enterprise(client, ent, kinds=["contract"])
    submit(client, prepared["id"])
    authenticate(client, link_token(sms_outbox, prepared["forms"]["legal_rep"]["phone"]))
    svc = app.state.services
    with svc.session() as db:
        step = db.scalars(select(SealApplicationAuth).where(SealApplicationAuth.application_id == prepared["id"],
                                                            SealApplicationAuth.seq == 1)).one()
        assert step.state == "signed" and step.signature_sha256 and step.form_sha256
        signed = b"".join(open_blob(db, svc, actor=None, sha256=step.signed_form_sha256).chunks())
        unsigned = b"".join(open_blob(db, svc, actor=None, sha256=step.form_sha256).chunks())
    assert signed.startswith(b"%PDF") and signed != unsigned
    assert b"/Subtype /Image" in signed and b"/Subtype /Image" not in unsigned  # the handwritten signature
    ca_dir = Path(svc.settings.data_dir) / "ca"
    report = verify_pdf(signed, trust=TrustStore.from_directory(ca_dir))
    assert len(report.signatures) == 1
    sig = report.signatures[0]
    assert sig.profile == "gm-ses"
    assert sig.indication == "TOTAL_PASSED", (sig.indication, sig.sub_indication, sig.message)
    assert sig.times.proven is not None and sig.times.timestamp_valid  # trusted time from the platform TSA
    from eseal.engine.pdf import render_page

    out = Path(__file__).resolve().parents[3] / "test-output" / "s1"
    out.mkdir(parents=True, exist_ok=True)
    (out / "s1b_signed_form.png").write_bytes(render_page(signed, 1, width=750, fmt="png").data)


def test_same_person_as_legal_rep_and_handler_authenticates_twice(client, register_enterprise, sms_outbox):
    ent = enterprise(client, register_enterprise)
    prepared = prepare_enterprise(client, ent, same_person=True, kinds=["finance"])
    submit(client, prepared["id"])
    phone = prepared["forms"]["legal_rep"]["phone"]
    first = link_token(sms_outbox, phone)
    authenticate(client, first)
    second = link_token(sms_outbox, phone)
    assert second != first
    assert get_app(client, prepared["id"])["state"] == "auth_handler"
    authenticate(client, second)
    app = get_app(client, prepared["id"])
    assert app["state"] == "done" and len(app["seal_ids"]) == 1
