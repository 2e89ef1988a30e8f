"""Tables that read and a cause picker that helps, in a real browser: Chinese cells do not break
one character per line in narrow windows, one menu entry is highlighted, and the unit editor's
案由 picker is searchable and shows the 10-cause limit as it fills."""

from __future__ import annotations

import pytest

from courtops.core.models import TrialUnit
from tests.cases.conftest import staffed_unit
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIX = [
    "民间借贷纠纷",
    "买卖合同纠纷",
    "劳务合同纠纷",
    "房屋租赁合同纠纷",
    "追偿权纠纷",
    "保证合同纠纷",
    "承揽合同纠纷",
    "服务合同纠纷",
    "不当得利纠纷",
]


def _login(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office_a")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=home-title]")


def test_unit_table_cells_stay_on_one_line_in_a_narrow_window(
    live_server, page, office_a, court_a, screenshot_dir
):
    staffed_unit(court_a, 1, MIX)
    staffed_unit(court_a, 2, ["离婚纠纷"])
    page.set_viewport_size({"width": 900, "height": 800})
    _login(page, live_server)
    page.goto(f"{live_server.url}/cases/units/")
    page.screenshot(path=f"{screenshot_dir}/units-narrow.png", full_page=True)
    lines_js = """els => els.map(e => {
        const r = document.createRange(); r.selectNodeContents(e);
        return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size;
    })"""
    for selector in ("[data-testid=units] tbody tr td:first-child", "[data-testid=units] th"):
        lines = page.eval_on_selector_all(selector, lines_js)
        assert lines and max(lines) == 1, (selector, lines)
    # three judges' names may take a line each, never one character per line
    lines = page.eval_on_selector_all("[data-testid=units] tbody tr td:nth-child(2)", lines_js)
    assert lines and max(lines) <= 3, lines
    page.goto(f"{live_server.url}/nodes/templates/")
    assert page.locator("nav a.active").count() == 1


def test_the_cause_picker_is_searchable_and_shows_the_limit(
    live_server, page, office_a, court_a, screenshot_dir
):
    unit = staffed_unit(court_a, 1, MIX)
    _login(page, live_server)
    page.goto(f"{live_server.url}/cases/units/{unit.pk}/")
    count = page.locator(".picker-count")
    assert "9" in count.inner_text() and "10" in count.inner_text()
    page.fill(".picker-search", "离婚")
    page.locator(".picker-option button", has_text="离婚纠纷").first.click()
    assert "10" in count.inner_text().split("（")[0] or "已选 10" in count.inner_text()
    assert page.locator(".picker-count.full").count() == 1  # the limit is shown as reached
    page.fill(".picker-search", "合同")
    assert page.locator(".picker-option button[disabled]").count() >= 1
    page.screenshot(path=f"{screenshot_dir}/cause-picker.png", full_page=True)
    page.locator(".picker-chip", has_text="不当得利纠纷").locator("button").click()
    page.click("form button.primary")
    page.wait_for_url("**/cases/units/")
    names = set(TrialUnit.objects.get(pk=unit.pk).causes.values_list("name", flat=True))
    assert "离婚纠纷" in names and "不当得利纠纷" not in names and len(names) == 9
