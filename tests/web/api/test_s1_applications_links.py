"""S1b: certificate-application links — a GET never consumes, 前往签署 consumes once, 24 h expiry, 立即认证
re-sends, 撤销申请 closes them, each step in order, face check of that signer, signature checks."""

from __future__ import annotations

import io

from apihelpers import api_error, pass_enterprise_gate
from test_s1_applications_flow import (
    authenticate,
    enterprise,
    get_app,
    link_token,
    prepare_enterprise,
    signature_png,
    submit,
)


def _submitted(client, register_enterprise, sms_outbox, **kw):
    ent = enterprise(client, register_enterprise)
    prepared = prepare_enterprise(client, ent, kinds=["contract"], **kw)
    submit(client, prepared["id"])
    return {**prepared, "ent": ent}, link_token(sms_outbox, prepared["forms"]["legal_rep"]["phone"])


def _login_again(client, ent):
    """A day later the web session is gone: the enterprise logs in again (and passes the §3.2 gate)."""
    r = client.post("/api/v1/auth/enterprise/login", json={"credit_code": ent["credit_code"],
                                                            "password": ent["password"], "agree": True})
    assert r.status_code == 200, r.text
    pass_enterprise_gate(client)


def test_get_does_not_consume_and_open_consumes_once(client, make_client, register_enterprise, sms_outbox):
    _prepared, token = _submitted(client, register_enterprise, sms_outbox)
    scanner = make_client()
    for c in (scanner, scanner, client):
        r = c.get(f"/api/v1/cert-auth/{token}")
        assert r.status_code == 200 and r.json()["cert_auth"]["state"] == "open"
        assert r.json()["cert_auth"]["role_label"] == "单位法人"
    assert client.post(f"/api/v1/cert-auth/{token}/open").status_code == 200
    r = client.get(f"/api/v1/cert-auth/{token}")
    assert r.json()["cert_auth"]["state"] == "in_progress" and r.json()["cert_auth"]["step"] == "form"
    # anyone else, and a second tap, finds it used — and learns nothing else
    for c in (scanner, make_client()):
        view = c.get(f"/api/v1/cert-auth/{token}").json()["cert_auth"]
        assert view == {"state": "used", "step": None, "role": None, "role_label": None, "person_name_masked": None,
                        "unit_name": None, "seal_kind_labels": [], "expires_at": None, "face_check_id": None}
        r = c.post(f"/api/v1/cert-auth/{token}/open")
        assert r.status_code == 410 and api_error(r)["code"] == "cert_auth.link_used"
        for path in ("form.pdf", "form.png"):
            assert c.get(f"/api/v1/cert-auth/{token}/{path}").status_code == 404
        assert c.post(f"/api/v1/cert-auth/{token}/face").status_code == 404
        assert c.post(f"/api/v1/cert-auth/{token}/face/complete", json={"face_check_id": "fc_x"}).status_code == 404
        r = c.post(f"/api/v1/cert-auth/{token}/signature", files={"file": ("s.png", signature_png(), "image/png")})
        assert r.status_code == 404


def test_unknown_token_is_404(client):
    r = client.get("/api/v1/cert-auth/not-a-real-token")
    assert r.status_code == 404 and api_error(r)["code"] == "not_found"
    assert client.post("/api/v1/cert-auth/not-a-real-token/open").status_code == 404


def test_link_expires_after_24_hours_and_authenticate_now_sends_a_new_one(app, client, register_enterprise,
                                                                          sms_outbox):
    prepared, token = _submitted(client, register_enterprise, sms_outbox)
    app.state.services.clock.advance(hours=24, seconds=1)
    assert client.get(f"/api/v1/cert-auth/{token}").json()["cert_auth"]["state"] == "expired"
    r = client.post(f"/api/v1/cert-auth/{token}/open")
    assert r.status_code == 410 and api_error(r)["code"] == "cert_auth.link_expired"
    _login_again(client, prepared["ent"])
    records = client.get("/api/v1/seal-applications").json()["records"]
    assert records[0]["can_authenticate"] is True
    r = client.post(f"/api/v1/seal-applications/{prepared['id']}/authenticate")
    assert r.status_code == 200, r.text
    fresh = link_token(sms_outbox, prepared["forms"]["legal_rep"]["phone"])
    assert fresh != token
    assert client.get(f"/api/v1/cert-auth/{token}").status_code == 404  # the old one stopped working
    authenticate(client, fresh)
    assert get_app(client, prepared["id"])["state"] == "auth_handler"


def test_authenticate_now_resends_an_unopened_link(client, register_enterprise, sms_outbox):
    prepared, token = _submitted(client, register_enterprise, sms_outbox)
    phone = prepared["forms"]["legal_rep"]["phone"]
    before = len(sms_outbox(phone))
    assert client.post(f"/api/v1/seal-applications/{prepared['id']}/authenticate").status_code == 200
    assert len(sms_outbox(phone)) == before + 1
    assert link_token(sms_outbox, phone) != token


def test_cancel_closes_links_and_records(client, register_enterprise, sms_outbox):
    prepared, token = _submitted(client, register_enterprise, sms_outbox)
    r = client.post(f"/api/v1/seal-applications/{prepared['id']}/cancel")
    assert r.status_code == 200 and r.json()["application"]["state"] == "cancelled"
    assert client.get(f"/api/v1/cert-auth/{token}").json()["cert_auth"]["state"] == "cancelled"
    r = client.post(f"/api/v1/cert-auth/{token}/open")
    assert r.status_code == 410 and api_error(r)["code"] == "cert_auth.cancelled"
    assert client.get("/api/v1/seal-applications").json()["records"] == []
    r = client.post(f"/api/v1/seal-applications/{prepared['id']}/cancel")
    assert r.status_code == 409 and api_error(r)["code"] == "seal_application.not_cancellable"
    assert client.post(f"/api/v1/seal-applications/{prepared['id']}/authenticate").status_code == 409
    # the kind is free again
    assert client.post("/api/v1/seal-applications", json={"seal_kinds": ["contract"]}).status_code == 201


def test_cancel_in_progress_mid_step(client, register_enterprise, sms_outbox):
    prepared, token = _submitted(client, register_enterprise, sms_outbox)
    assert client.post(f"/api/v1/cert-auth/{token}/open").status_code == 200
    assert client.post(f"/api/v1/seal-applications/{prepared['id']}/cancel").status_code == 200
    assert client.post(f"/api/v1/cert-auth/{token}/face").status_code == 404


def test_a_done_application_cannot_be_cancelled(client, register_enterprise, sms_outbox):
    prepared, token = _submitted(client, register_enterprise, sms_outbox)
    authenticate(client, token)
    authenticate(client, link_token(sms_outbox, prepared["forms"]["handler"]["phone"]))
    r = client.post(f"/api/v1/seal-applications/{prepared['id']}/cancel")
    assert r.status_code == 409 and api_error(r)["code"] == "seal_application.not_cancellable"


def test_steps_in_order_and_face_of_that_signer(app, client, register_enterprise, sms_outbox):
    from eseal.platform.identity import FaceCheck

    prepared, token = _submitted(client, register_enterprise, sms_outbox)
    client.post(f"/api/v1/cert-auth/{token}/open")
    r = client.post(f"/api/v1/cert-auth/{token}/signature", files={"file": ("s.png", signature_png(), "image/png")})
    assert r.status_code == 409 and api_error(r)["code"] == "cert_auth.wrong_step"
    r = client.post(f"/api/v1/cert-auth/{token}/face")
    assert r.status_code == 201
    fc = r.json()["face_check_id"]
    svc = app.state.services
    with svc.session() as db:
        check = db.get(FaceCheck, fc)
        legal = prepared["forms"]["legal_rep"]
        assert check.purpose == "cert_auth" and check.subject_name == legal["name"]
        assert check.subject_id_key == svc.pii.blind_index("resident_id", legal["id_number"])
    # a failed face check does not pass the step
    client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "fail"})
    r = client.post(f"/api/v1/cert-auth/{token}/face/complete", json={"face_check_id": fc})
    assert r.status_code == 400 and api_error(r)["code"] == "face_not_passed"
    assert client.get(f"/api/v1/cert-auth/{token}").json()["cert_auth"]["step"] == "form"
    # a passed face check of another purpose (someone's login) is not accepted
    fc2 = client.post(f"/api/v1/cert-auth/{token}/face").json()["face_check_id"]
    client.post(f"/api/v1/dev/face/{fc2}/simulate", json={"outcome": "pass"})
    assert client.post(f"/api/v1/cert-auth/{token}/face/complete", json={"face_check_id": fc2}).status_code == 200
    assert client.post(f"/api/v1/cert-auth/{token}/face/complete", json={"face_check_id": fc2}).status_code == 409


def test_signature_must_be_a_png_with_ink(client, register_enterprise, sms_outbox):
    from PIL import Image

    _prepared, token = _submitted(client, register_enterprise, sms_outbox)
    client.post(f"/api/v1/cert-auth/{token}/open")
    fc = client.post(f"/api/v1/cert-auth/{token}/face").json()["face_check_id"]
    client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    client.post(f"/api/v1/cert-auth/{token}/face/complete", json={"face_check_id": fc})
    blank = io.BytesIO()
    Image.new("RGBA", (300, 120), (0, 0, 0, 0)).save(blank, "PNG")
    url = f"/api/v1/cert-auth/{token}/signature"
    r = client.post(url, files={"file": ("s.png", blank.getvalue(), "image/png")})
    assert api_error(r)["code"] == "cert_auth.signature_empty"
    r = client.post(url, files={"file": ("s.png", b"GIF89a not a png", "image/png")})
    assert api_error(r)["code"] == "cert_auth.signature_invalid"
    assert client.get(f"/api/v1/cert-auth/{token}").json()["cert_auth"]["step"] == "signature"  # nothing moved
    assert client.post(url, files={"file": ("s.png", signature_png(), "image/png")}).status_code == 200


def test_form_preview_pdf_and_png(client, register_enterprise, sms_outbox):
    from PIL import Image

    _prepared, token = _submitted(client, register_enterprise, sms_outbox)
    client.post(f"/api/v1/cert-auth/{token}/open")
    pdf = client.get(f"/api/v1/cert-auth/{token}/form.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    png = client.get(f"/api/v1/cert-auth/{token}/form.png")
    assert png.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(png.content)) as img:
        assert abs(img.width - 750) <= 1 and img.height > 1000
        img.save(_output("s1b_form_preview.png"))


def _output(name):
    from pathlib import Path

    out = Path(__file__).resolve().parents[3] / "test-output" / "s1"
    out.mkdir(parents=True, exist_ok=True)
    return out / name
