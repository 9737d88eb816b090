"""[G1] The 授权管理 routes: who gets which screen (login required, the §3.2 gate, person vs enterprise), the tab is
enabled (no 即将开放), and bad ids go back to the list."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db


@pytest.fixture
def demo(services):
    from eseal.platform.demo import DEMO, seed_demo

    return {**DEMO.as_dict(), **seed_demo(services, seals=False, documents=False)}


def login_person(client, demo) -> None:
    r = client.post("/api/v1/auth/person/login", json={"account": demo["person_id_number"], "id_type": "resident_id",
                                                       "method": "password", "password": demo["person_password"],
                                                       "agree": True})
    assert r.status_code == 200, r.text


def test_grants_pages_need_a_login(client):
    for path in ("/grants", "/grants/new?role=grantee", "/grants/1"):
        r = client.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
        assert r.status_code in (302, 303) and "/login" in r.headers["location"], path


def test_person_sees_received_grants_and_no_enterprise_screens(client, demo):
    login_person(client, demo)
    r = client.get("/grants")
    assert r.status_code == 200
    assert 'data-mode="person"' in r.text and "即将开放" not in r.text
    assert 'id="grant-add"' not in r.text  # a person in its own identity manages nothing
    assert 'aria-current="page"' in r.text.split('data-tab="grants"')[1][:40]
    for path in ("/grants/new?role=grantee", "/grants/1"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/grants", path


def test_enterprise_before_the_face_gate_goes_home(client, demo):
    r = client.post("/api/v1/auth/enterprise/login", json={"credit_code": demo["credit_code"],
                                                           "password": demo["enterprise_password"], "agree": True})
    assert r.status_code == 200, r.text
    for path in ("/grants", "/grants/new?role=admin", "/grants/1"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/home", path


def test_enterprise_screens(client, demo):
    r = client.post("/api/v1/auth/enterprise/login", json={"credit_code": demo["credit_code"],
                                                           "password": demo["enterprise_password"], "agree": True})
    assert r.status_code == 200
    r = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"})
    fc = r.json()["face_check_id"]
    assert client.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"}).status_code == 200
    assert client.post("/api/v1/session/enterprise-entry", json={"face_check_id": fc}).status_code == 200
    r = client.get("/grants?role=grantee")
    assert 'data-mode="enterprise"' in r.text and 'data-role="grantee"' in r.text
    assert 'href="/grants/new?role=grantee"' in r.text and "/api/v1/grants/export.csv?role=grantee" in r.text
    assert 'data-role="admin"' in client.get("/grants?role=nonsense").text  # unknown segment → 管理员
    new = client.get("/grants/new?role=grantee").text
    assert 'id="f-starts_at"' in new and 'id="f-unlimited"' in new and "新增被授权人" in new
    assert f'data-enterprise-id="{demo["enterprise_id"]}"' in new
    admin = client.get("/grants/new?role=admin").text
    assert "新增管理员" in admin and 'id="f-starts_at"' not in admin  # administrators: no window, no count
    assert 'data-grant-id="7"' in client.get("/grants/7").text
    r = client.get("/grants/abc", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/grants"
