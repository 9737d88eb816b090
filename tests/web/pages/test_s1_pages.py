"""[S1] Server side of the seal pages: signature_pad vendored as pinned, the routes render shells for the right
visitor, a GET of a certificate-application link page consumes nothing, the pages keep the strict CSP."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from eseal.web.templating import STATIC_DIR

ROOT = Path(__file__).resolve().parents[3]
VENDOR_SCRIPT = ROOT / "scripts" / "vendor-js.sh"


def test_signature_pad_is_vendored_with_the_pinned_hash():
    script = VENDOR_SCRIPT.read_text()
    pinned = re.search(r'SIGNATURE_PAD_JS_SHA256="([0-9a-f]{64})"', script)
    assert pinned, "scripts/vendor-js.sh records the SHA-256 of signature_pad"
    assert 'SIGNATURE_PAD_VERSION="5.1.4"' in script
    vendored = STATIC_DIR / "vendor" / "signature_pad.umd.min.js"
    assert vendored.is_file(), "run `make setup` (scripts/vendor-js.sh) to vendor signature_pad"
    assert hashlib.sha256(vendored.read_bytes()).hexdigest() == pinned.group(1)
    assert (STATIC_DIR / "vendor" / "signature_pad.LICENSE").read_text().startswith("MIT License")


@pytest.mark.db
def test_vendored_script_is_served_and_the_cert_auth_page_loads_it(client):
    res = client.get("/static/vendor/signature_pad.umd.min.js")
    assert res.status_code == 200
    assert b"Signature Pad v5.1.4" in res.content[:200]
    page = client.get("/cert-auth/" + "A" * 32)
    assert page.status_code == 200
    assert "/static/vendor/signature_pad.umd.min.js?v=" in page.text
    assert "数字证书申请" in page.text
    assert "<script>" not in page.text and " style=" not in page.text and "onclick" not in page.text


@pytest.mark.db
@pytest.mark.parametrize("path", ["/seals/apply", "/seals/1", "/seals/1/change", "/seals/1/cancel"])
def test_seal_pages_need_a_login(client, path):
    res = client.get(path, follow_redirects=False)
    assert res.status_code == 303
    assert res.headers["location"].startswith("/login?next=")


@pytest.mark.db
def test_pages_for_a_person(client, demo_data):
    res = client.post("/api/v1/auth/person/login", json={
        "account": demo_data["person_id_number"], "id_type": "resident_id", "method": "password",
        "password": demo_data["person_password"], "agree": True})
    assert res.status_code == 200, res.text
    apply = client.get("/seals/apply")
    assert apply.status_code == 200 and 'data-mode="person"' in apply.text and "drawn-canvas" in apply.text
    assert 'data-resume=""' in client.get("/seals/apply?application=x").text
    assert 'data-resume="7"' in client.get("/seals/apply?application=7").text
    assert 'data-seal-id="5"' in client.get("/seals/5").text
    assert "变更印模" in client.get("/seals/5/change").text
    cancel = client.get("/seals/5/cancel", follow_redirects=False)  # persons cancel from 印章详情
    assert cancel.status_code == 303 and cancel.headers["location"] == "/seals/5"
    assert client.get("/seals/abc", follow_redirects=False).headers["location"] == "/home"
    home = client.get("/home").text
    assert 'href="/seals/apply"' in home and "seal_home.js" in home


@pytest.mark.db
def test_pages_for_an_enterprise_wait_for_the_face_check(client, demo_data):
    res = client.post("/api/v1/auth/enterprise/login", json={
        "credit_code": demo_data["credit_code"], "password": demo_data["enterprise_password"], "agree": True})
    assert res.status_code == 200, res.text
    for path in ("/seals/apply", "/seals/1", "/seals/1/cancel"):
        gate = client.get(path, follow_redirects=False)
        assert gate.status_code == 303 and gate.headers["location"] == "/home"  # §3.2 first
    assert "seal_home.js" not in client.get("/home").text  # no /api/v1/seals call behind the gate


@pytest.mark.db
def test_cert_auth_page_renders_no_odd_token_into_the_page(client):
    odd = client.get("/cert-auth/..%2F..")
    assert odd.status_code in (200, 404)
    if odd.status_code == 200:
        assert 'data-token=""' in odd.text
    assert 'data-token=""' in client.get("/cert-auth/short").text
