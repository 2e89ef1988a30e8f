"""A user of court A or company X sees and changes nothing of court B or company Y."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courtops.core.models import AuditEvent, Company, Person


@pytest.fixture
def everyone(
    office_a, judge_a, assistant_a, leader_a, office_b, supervisor_x, staff_x, supervisor_y
):
    return {
        p.username: p
        for p in (
            office_a,
            judge_a,
            assistant_a,
            leader_a,
            office_b,
            supervisor_x,
            staff_x,
            supervisor_y,
        )
    }


def _api_usernames(client, url="/api/core/people/?limit=500"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row["username"] for row in response.json()["results"]}


def test_court_staff_see_only_the_people_of_their_own_court(everyone, client_for):
    seen_by_a = _api_usernames(client_for(everyone["office_a"]))
    assert seen_by_a == {"office_a", "judge_a", "assistant_a", "leader_a"}
    assert _api_usernames(client_for(everyone["office_b"])) == {"office_b"}


def test_company_staff_see_only_their_own_company(everyone, client_for):
    assert _api_usernames(client_for(everyone["supervisor_x"])) == {"supervisor_x", "staff_x"}
    assert _api_usernames(client_for(everyone["supervisor_y"])) == {"supervisor_y"}


def test_the_people_page_lists_no_one_of_another_court(everyone, client_for):
    html = client_for(everyone["office_b"]).get(reverse("core:people")).content.decode()
    assert "office_b" in html
    assert "office_a" not in html and "judge_a" not in html


def test_the_audit_trail_of_a_court_is_invisible_to_another_court(everyone, client_for):
    assert AuditEvent.objects.filter(court=everyone["office_a"].court).exists()
    rows = (
        client_for(everyone["office_b"]).get("/api/core/audit-events/?limit=500").json()["results"]
    )
    # Its own events, and those of the companies serving it (company y), never court A's.
    serving_b = set(
        Company.objects.filter(courts=everyone["office_b"].court_id).values_list("pk", flat=True)
    )
    assert rows and all(
        r["court"] == everyone["office_b"].court_id
        or (r["court"] is None and r["company"] in serving_b)
        for r in rows
    )
    html = client_for(everyone["office_b"]).get(reverse("core:audit")).content.decode()
    assert "审管办甲" not in html


@pytest.mark.parametrize("username", ["judge_a", "assistant_a", "supervisor_x", "staff_x"])
def test_people_other_than_office_and_auditors_may_not_read_the_audit_trail(
    everyone, client_for, username
):
    client = client_for(everyone[username])
    assert client.get("/api/core/audit-events/").status_code == 403
    assert client.get(reverse("core:audit")).status_code == 403


def test_a_queryset_for_a_user_never_crosses_courts(everyone):
    for person in everyone.values():
        visible = Person.objects.for_user(person)
        if person.court_id:
            assert set(visible.values_list("court_id", flat=True)) == {person.court_id}
        else:
            assert set(visible.values_list("company_id", flat=True)) == {person.company_id}
        foreign = AuditEvent.objects.for_user(person).exclude(court_id=person.court_id)
        if person.court_id:  # events of companies that serve the court are the court's to see
            foreign = foreign.exclude(court__isnull=True, company__courts=person.court_id)
        assert not foreign.exists()


def test_leadership_is_read_only(everyone, client_for):
    client = client_for(everyone["leader_a"])
    assert client.get(reverse("core:calendar")).status_code == 200
    response = client.post(
        reverse("core:calendar"), {"date": "2025-03-04", "kind": "closed", "reason": "x"}
    )
    assert response.status_code == 403


def test_anonymous_requests_get_nothing(db, client):
    assert client.get("/api/core/people/").status_code in (401, 403)
    assert client.get(reverse("core:people")).status_code == 302
