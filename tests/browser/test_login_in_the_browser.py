"""Office staff log in with a real browser, see the Chinese home page and switch to English."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_staff_log_in_see_chinese_and_switch_to_english(
    live_server, page, office_a, screenshot_dir
):
    page.goto(f"{live_server.url}/")
    assert "登录" in page.content()  # redirected to the Chinese login page
    page.fill("#id_username", "office_a")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=home-title]")
    assert "欢迎，审管办甲" in page.inner_text("[data-testid=home-title]")
    assert "审判管理办公室" in page.inner_text("[data-testid=who]") or "审管办" in page.inner_text(
        "[data-testid=who]"
    )
    assert "工作日历" in page.inner_text("nav")
    page.screenshot(path=f"{screenshot_dir}/home-zh.png", full_page=True)

    page.click("[data-testid=lang-en]")
    page.wait_for_selector("text=Welcome, 审管办甲")
    assert "Working calendar" in page.inner_text("nav")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.screenshot(path=f"{screenshot_dir}/home-en.png", full_page=True)

    page.click("text=Log out")
    page.wait_for_selector("#id_username")
