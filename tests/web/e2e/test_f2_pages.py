"""[F2 #7, #12] Pages in a real browser: the HTML error page, and the smaller rough edges of the H5 shell."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_unknown_page_shows_the_error_page_with_a_way_home(page, shot):
    res = page.goto("/no-such-page")
    assert res is not None and res.status == 404
    assert res.headers["content-type"].startswith("text/html")
    expect(page.locator("#error-title")).to_have_text("页面不存在")
    shot(page, "404")
    page.click("#error-home")
    page.wait_for_url(re.compile(r"/login"))  # a visitor's home is the login page
