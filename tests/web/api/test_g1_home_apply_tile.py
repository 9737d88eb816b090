"""[G1] 首页's 申领印章 tile follows the permission table (``seal.apply``: the owner only): an administrator or a
grantee acting for an enterprise sees it greyed (``aria-disabled``, no link to /seals/apply) with the table's reason
「您的授权不包括此操作：申领印章」, the reason the apply page would give; the enterprise itself and a person in its own
identity keep the link. (tests/web/e2e/test_g1_home_apply_tile_ui.py: the same in a browser, tapped, at 375×812.)"""

from __future__ import annotations

import re

import pytest
from apihelpers import api_error
from g1_helpers import granted_and_acting, world

pytestmark = pytest.mark.db

REASON = "您的授权不包括此操作：申领印章"


def _empty_hint(client) -> str:
    m = re.search(r'<div id="seals-empty-text">(.*?)</div>', client.get("/home", headers={"Accept": "text/html"}).text)
    assert m
    return m.group(1)


def _apply_tile(client) -> str:
    r = client.get("/home", headers={"Accept": "text/html"})
    assert r.status_code == 200, r.text
    m = re.search(r'<a class="tile tile--apply"[^>]*>.*?</a>', r.text, re.S)
    assert m, r.text
    return m.group(0)


@pytest.mark.parametrize("role", ["grantee", "admin"])
def test_acting_under_a_grant_the_apply_tile_is_greyed_with_the_reason(app, make_client, register_enterprise,
                                                                       register_person, role):
    w = world(app, make_client, register_enterprise, register_person)
    assert 'href="/seals/apply"' in _apply_tile(w["person"])  # its own identity: may apply for its own seals
    assert "申领印章" in _empty_hint(w["person"])
    extra = {"all_seals": True, "uses_total": 2} if role == "grantee" else {"all_seals": True}
    granted_and_acting(app, w, role=role, **extra)
    tile = _apply_tile(w["person"])
    assert 'aria-disabled="true"' in tile and 'href="/seals/apply"' not in tile
    assert f'data-soon="{REASON}"' in tile and 'data-refusal="grant.forbidden"' in tile and "无此权限" in tile
    # the empty 我的印章 hint does not send it to the greyed tile
    assert "点击“申领印章”" not in _empty_hint(w["person"]) and "法定代表人申领" in _empty_hint(w["person"])
    # the same reason as the application route gives (one rule: permissions.PERMISSIONS["seal.apply"])
    r = w["person"].post("/api/v1/seal-applications", json={"seal_kinds": ["invoice"]})
    assert r.status_code == 403 and api_error(r)["message"] == REASON, r.text
    # the enterprise itself keeps the tile
    assert 'href="/seals/apply"' in _apply_tile(w["ent"]) and "aria-disabled" not in _apply_tile(w["ent"])
