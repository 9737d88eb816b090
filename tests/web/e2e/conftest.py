"""Browser fixtures for the H5 end-to-end tests: Debian's chromium driven by Playwright at 375×812.

The server comes from the shared ``live_server`` fixture (tests/conftest.py: uvicorn in a thread,
fresh database, development providers). Screenshots go to ``test-output/screenshots/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"
VIEWPORT = {"width": 375, "height": 812}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed (scripts/system-deps.txt lists it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh phone-sized browser context (own cookies) pointed at the live server.

    JavaScript errors on any page fail the test: a broken script must never pass silently.
    """
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=2, locale="zh-CN",
                                  base_url=str(live_server), is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def shot(request):
    """``shot(page, "name")`` saves test-output/screenshots/<test>_<name>.png (full page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(pg, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{request.node.name}_{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def sms_code(live_server):
    """Read the latest SMS code sent to a phone from the dev outbox (GET /dev/sms-outbox.json)."""

    def latest(phone: str) -> str:
        res = httpx.get(f"{live_server}/dev/sms-outbox.json", params={"phone": phone}, timeout=5)
        res.raise_for_status()
        messages = res.json()["messages"]
        assert messages, f"no SMS sent to {phone}"
        return messages[0]["code"]

    return latest
