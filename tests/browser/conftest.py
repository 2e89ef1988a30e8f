"""Playwright driving Debian's Chromium (no browser download is possible here)."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from tests.conftest import CHROMIUM_ARGS

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("COURTOPS_REQUIRE_SERVICES") == "1":
            pytest.fail("Debian chromium is not installed at /usr/bin/chromium")
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="courtops-chromium-")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir():
    path = os.environ.get("COURTOPS_SCREENSHOTS", "test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path
