"""Server side of the H5 pages: which page a visitor gets, the §3.2 face gate, masking, safe redirects."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.db

PUBLIC_PAGES = {
    "/login": "个人用户登录",
    "/login/enterprise": "法人用户登录",
    "/register": "个人用户注册",
    "/register/enterprise": "法人用户注册",
    "/password/forgot": "忘记密码",
    "/agreement/user": "用户注册协议",
    "/agreement/privacy": "用户隐私政策",
}
APP_PAGES = ["/home", "/docs", "/grants", "/me", "/me/records", "/me/verify-password", "/me/password"]


def login_enterprise(client, demo) -> None:
    res = client.post("/api/v1/auth/enterprise/login",
                      json={"credit_code": demo["credit_code"], "password": demo["enterprise_password"], "agree": True})
    assert res.status_code == 200, res.text


def login_person(client, demo) -> None:
    res = client.post("/api/v1/auth/person/login",
                      json={"account": demo["person_id_number"], "id_type": "resident_id", "method": "password",
                            "password": demo["person_password"], "agree": True})
    assert res.status_code == 200, res.text


@pytest.mark.parametrize(("path", "title"), PUBLIC_PAGES.items())
def test_public_pages_render_for_anonymous_visitors(client, path, title):
    res = client.get(path)
    assert res.status_code == 200
    assert f"<title>{title} · 统一电子印章</title>" in res.text
    assert res.headers["cache-control"] == "no-store"
    # no resource from the internet: every script and stylesheet is local
    assert not re.search(r'(src|href)="(https?:)?//', res.text)


@pytest.mark.parametrize("path", APP_PAGES)
def test_app_pages_send_anonymous_visitors_to_login(client, path):
    res = client.get(path, follow_redirects=False)
    assert res.status_code == 303
    assert res.headers["location"] == f"/login?next={path}"


def test_root_redirects_by_login_state(client, demo_data):
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    login_person(client, demo_data)
    assert client.get("/", follow_redirects=False).headers["location"] == "/home"
    # a logged-in visitor opening the login page goes on to `next` — only a local path
    assert client.get("/login?next=/me", follow_redirects=False).headers["location"] == "/me"
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        assert client.get("/login", params={"next": evil}, follow_redirects=False).headers["location"] == "/home"


def test_enterprise_face_gate(client, demo_data):
    login_enterprise(client, demo_data)
    home = client.get("/home")
    assert home.status_code == 200
    assert "需要通过人脸验证方可进入" in home.text
    assert "开发环境：模拟人脸核验" in home.text
    # every other screen of the seal app waits for the face check
    for path in ("/docs", "/grants", "/me", "/me/records", "/me/verify-password", "/me/password"):
        res = client.get(path, follow_redirects=False)
        assert (res.status_code, res.headers["location"]) == (303, "/home"), path

    check = client.post("/api/v1/face/checks", json={"purpose": "enterprise_entry"}).json()
    client.post(f"/api/v1/dev/face/{check['face_check_id']}/simulate", json={"outcome": "pass"})
    assert client.post("/api/v1/session/enterprise-entry",
                       json={"face_check_id": check["face_check_id"]}).status_code == 200
    home = client.get("/home")
    assert "需要通过人脸验证方可进入" not in home.text
    assert client.get("/me").status_code == 200
    assert client.get("/face/done", follow_redirects=False).headers["location"] == "/home"


def test_person_pages_show_masked_identity_only(client, demo_data):
    login_person(client, demo_data)
    home = client.get("/home")
    assert "需要通过人脸验证方可进入" not in home.text
    assert demo_data["person_name"] in home.text
    me = client.get("/me").text
    idn, phone = demo_data["person_id_number"], demo_data["person_phone"]
    assert idn[:4] + "*" * 10 + idn[-4:] in me
    assert phone[:3] + "****" + phone[-4:] in me
    assert idn not in me and phone not in me


def test_no_tab_is_a_coming_soon_page(client, demo_data):
    login_person(client, demo_data)
    # 授权管理 is built ([G1]): its tab is the grants page, no longer a coming-soon screen
    page = client.get("/grants").text
    assert "即将开放" not in page and "grant_list.js" in page
    assert 'aria-current="page"' in page
    # 我的文档 is built ([D1]): its tab is the list, no longer a coming-soon screen
    page = client.get("/docs").text
    assert "我的文档 · 即将开放" not in page and 'id="list"' in page
    assert 'aria-current="page"' in page


def test_oauth_messages_on_login(client):
    page = client.get("/login?oauth=unbound&provider=alipay").text
    assert "该支付宝未绑定账号" in page
    assert "授权登录失败" in client.get("/login?oauth=failed").text


def test_registration_prefill_from_lookup(client):
    page = client.get("/register?mode=realname&id_type=taiwan_permit&id_number=12345678").text
    assert 'value="taiwan_permit" selected' in page
    assert 'value="12345678"' in page
    page = client.get("/register?mode=phone&phone=13900000000").text
    assert 'data-mode="phone" aria-selected="true"' in page


def test_static_urls_are_versioned(client):
    page = client.get("/login").text
    m = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', page)
    assert m, "stylesheet link is not versioned"
    res = client.get(m.group(1))
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/css")
