"""The main pages work in a real browser under the strict Content-Security-Policy: no violation
is reported, htmx still polls and swaps, and the people list's auto-submitting filter works."""

from __future__ import annotations

import pytest

from courtops.core.cases.import_jobs import import_job_create
from courtops.core.cases.services import case_register
from courtops.core.models import CaseCause
from tests.cases.test_ledger_import import ledger, row
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || ""));
});
"""


def test_main_pages_run_under_the_csp_without_violations(live_server, page, office_a, monkeypatch):
    from courtops.core.cases import tasks

    monkeypatch.setattr(tasks.import_job_run_task, "delay", lambda job_id: None)
    cause = CaseCause.objects.filter(is_active=True, court__isnull=True).first()
    case = case_register(
        actor=office_a,
        court=office_a.court,
        data={
            "case_number": "（2026）粤1971民初1号",
            "cause": cause.pk,
            "filing_date": "2026-03-02",
            "parties": [
                {"role": "plaintiff", "kind": "person", "name": "张三", "id_number": ""},
            ],
        },
    )
    job = import_job_create(
        actor=office_a,
        court=office_a.court,
        filename="l.xlsx",
        content=ledger([row(1)]).getvalue(),
    )
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office_a")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=home-title]")

    violations: list[str] = []
    for path in ("/", "/cases/", f"/cases/{case.pk}/", "/cases/import/", "/core/calendar/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        violations += page.evaluate("window.__csp")

    # htmx (loaded from a static file, configured by <meta>) polls the running job's status
    with page.expect_request(
        lambda r: f"/import/{job.pk}/" in r.url and r.headers.get("hx-request")
    ):
        page.goto(f"{live_server.url}/cases/import/{job.pk}/")
    violations += page.evaluate("window.__csp")

    # static/js/app.js: the role filter submits itself on change (was an inline onchange)
    page.goto(f"{live_server.url}/core/people/")
    with page.expect_navigation():
        page.select_option("select[name=role]", "office")
    assert "role=office" in page.url
    violations += page.evaluate("window.__csp")

    assert violations == []
    assert [m for m in console if "Content Security Policy" in m] == []
