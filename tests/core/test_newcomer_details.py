"""Small things a newcomer notices: a favicon, an aligned demo-login table, an answer at /api/
and a way back from the API docs to the application."""

from __future__ import annotations

import io

from django.core.management import call_command

from courtops.core.management.commands.demo_logins import display_width


def test_every_page_links_a_favicon_that_exists(client, office_a, client_for):
    page = client_for(office_a).get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    assert client.get("/static/img/favicon.svg").status_code == 200
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")


def test_the_demo_login_table_lines_up_with_chinese_names(db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert len(rows) >= 8
    # The organisation column starts at the same screen column on every row.
    starts = set()
    for row in rows:
        org = row.split()[-1]
        starts.add(display_width(row[: row.rindex(org)]))
    assert len(starts) == 1, rows


def test_api_root_answers_people_and_programs(client):
    response = client.get("/api/")
    assert response.status_code == 302 and response["Location"] == "/api/docs/"
    listing = client.get("/api/", HTTP_ACCEPT="application/json").json()
    assert listing["docs"].endswith("/api/docs/") and listing["cases"].endswith("/api/cases/")


def test_the_api_docs_page_leads_back_to_the_application(client_for, office_a):
    page = client_for(office_a).get("/api/docs/").content.decode()
    assert 'data-testid="back-to-app"' in page and 'href="/"' in page
