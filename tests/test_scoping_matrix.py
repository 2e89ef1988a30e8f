"""Every API endpoint and the main pages, for every outsider persona: a user of court B or of a
company sees and changes nothing of court A. The endpoint list comes from the OpenAPI schema,
so a new endpoint is covered the day it is added."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from courtops.core.actors import SYSTEM
from courtops.core.cases.choices import UnitRole
from courtops.core.cases.services import cases_allocate, unit_add_member, unit_create
from courtops.core.choices import AuditAction
from courtops.core.models import AuditEvent
from tests.cases.conftest import cause, register, staffed_unit

SECRET_MARKERS = ("（2026）粤1971民初4242号", "甲方借款人张三丰", "office_a", "judge_a", "单元7")


@pytest.fixture
def court_a_world(court_a, office_a, judge_a):
    staffed_unit(court_a, 7, ["民间借贷纠纷"])
    case = register(
        court_a,
        4242,
        parties=[
            {
                "role": "plaintiff",
                "kind": "person",
                "name": "甲方借款人张三丰",
                "id_number": "",
                "phone": "13800138000",
                "address": "东莞",
            },
            {
                "role": "defendant",
                "kind": "person",
                "name": "乙方",
                "id_number": "",
                "phone": "",
                "address": "",
            },
        ],
    )
    cases_allocate(actor=SYSTEM, court=court_a, case_ids=[case.pk])
    return case


@pytest.fixture
def outsiders(office_b, supervisor_y, supervisor_x, staff_x):
    # Company X serves court A, but no contract gives it work yet: it sees no case either.
    return {
        "office_b": office_b,
        "supervisor_y": supervisor_y,
        "supervisor_x": supervisor_x,
        "staff_x": staff_x,
    }


def _schema_paths(client) -> dict:
    return client.get("/api/schema/?format=json").json()["paths"]


def _leaks(text: str) -> list[str]:
    return [m for m in SECRET_MARKERS if m in text]


def test_no_api_endpoint_shows_court_a_to_an_outsider(
    court_a_world, outsiders, office_a, client_for
):
    paths = _schema_paths(client_for(office_a))
    # Court A's own office does see its case (the markers are real, so the check can fail).
    own = client_for(office_a).get("/api/cases/?limit=500").content.decode()
    assert "（2026）粤1971民初4242号" in own
    checked = 0
    for name, person in outsiders.items():
        client = client_for(person)
        for path, ops in paths.items():
            if "get" not in ops:
                continue
            url = re.sub(r"\{(id|pk)\}", str(court_a_world.pk), path)
            if "{" in url:
                continue  # library codes ({code}) are shared reference data, not court-owned
            response = client.get(url)
            checked += 1
            assert response.status_code in (200, 400, 403, 404), (name, url, response.status_code)
            assert _leaks(response.content.decode()) == [], (name, url)
    assert checked > 10


def test_outsiders_cannot_change_court_a_through_the_api(court_a_world, outsiders, client_for):
    for person in outsiders.values():
        client = client_for(person)
        response = client.post(
            f"/api/cases/{court_a_world.pk}/allocate/", {}, content_type="application/json"
        )
        assert response.status_code in (403, 404)
        response = client.post(
            "/api/cases/",
            {
                "case_number": "（2026）粤1971民初5555号",
                "cause": "民间借贷纠纷",
                "filing_date": "2026-03-02",
                "parties": [],
            },
            content_type="application/json",
        )
        assert response.status_code in (400, 403, 404)
    from courtops.core.models import Case

    court_a_world.refresh_from_db()
    assert court_a_world.trial_unit is not None
    assert not Case.objects.filter(case_number="（2026）粤1971民初5555号").exists()


def test_no_page_shows_court_a_to_an_outsider(court_a_world, outsiders, client_for):
    for person in outsiders.values():
        client = client_for(person)
        for url in ("/", "/cases/", "/cases/units/", "/core/people/", "/core/audit/"):
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), url
            assert _leaks(response.content.decode()) == [], (person.username, url)
        assert client.get(reverse("cases:detail", args=[court_a_world.pk])).status_code in (
            403,
            404,
        )


# --- inside the court: a judge and an assistant of another unit --------------------------------
CASE_MARKERS = ("（2026）粤1971民初4242号", "甲方借款人张三丰")


@pytest.fixture
def unit_1_people(court_a, office_a, judge_a, assistant_a):
    """judge_a and assistant_a work in unit 1 (divorce cases); court A's 4242 case is unit 7's."""
    unit = unit_create(
        actor=office_a, court=court_a, number=1, name="单元1", causes=[cause("离婚纠纷")]
    )
    unit_add_member(actor=office_a, unit=unit, person=judge_a, role=UnitRole.JUDGE)
    unit_add_member(actor=office_a, unit=unit, person=assistant_a, role=UnitRole.ASSISTANT)
    own = register(court_a, 77, "离婚纠纷")
    cases_allocate(actor=office_a, court=court_a, case_ids=[own.pk])
    own.refresh_from_db()
    assert own.trial_unit_id == unit.pk
    return {"judge_a": judge_a, "assistant_a": assistant_a, "own": own}


def test_no_api_endpoint_shows_another_units_case_to_a_judge_or_assistant(
    court_a_world, unit_1_people, office_a, client_for
):
    paths = _schema_paths(client_for(office_a))
    checked = 0
    for name in ("judge_a", "assistant_a"):
        client = client_for(unit_1_people[name])
        own = client.get("/api/cases/?limit=500").content.decode()
        assert "（2026）粤1971民初77号" in own, name  # the check can fail: their own case shows
        for path, ops in paths.items():
            if "get" not in ops:
                continue
            url = re.sub(r"\{(id|pk)\}", str(court_a_world.pk), path)
            if "{" in url:
                continue
            response = client.get(url)
            checked += 1
            assert response.status_code in (200, 400, 403, 404), (name, url, response.status_code)
            leaks = [m for m in CASE_MARKERS if m in response.content.decode()]
            assert leaks == [], (name, url)
    assert checked > 10


def test_no_page_shows_another_units_case_to_a_judge_or_assistant(
    court_a_world, unit_1_people, client_for
):
    for name in ("judge_a", "assistant_a"):
        client = client_for(unit_1_people[name])
        assert "（2026）粤1971民初77号" in client.get("/cases/").content.decode()
        for url in ("/", "/cases/", "/cases/?pending=1", "/cases/?expiring=15", "/cases/units/"):
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), url
            leaks = [m for m in CASE_MARKERS if m in response.content.decode()]
            assert leaks == [], (name, url)
        assert client.get(reverse("cases:detail", args=[court_a_world.pk])).status_code == 404


def test_a_judge_or_assistant_cannot_act_on_another_units_case(
    court_a_world, unit_1_people, client_for
):
    case = court_a_world
    party = case.parties.first()
    for name in ("judge_a", "assistant_a"):
        client = client_for(unit_1_people[name])
        for url, data in (
            (f"/cases/{case.pk}/parties/{party.pk}/reveal/", {"reason": "x"}),
            (f"/cases/{case.pk}/recuse/", {"reason": "x"}),
            (f"/cases/{case.pk}/extensions/", {"amount": 1, "unit": "months", "reason": "x"}),
            (f"/cases/{case.pk}/start-trial/", {}),
            (f"/cases/{case.pk}/close/", {"closing_manner": "judgment"}),
            (f"/api/cases/{case.pk}/allocate/", {}),
        ):
            response = client.post(url, data)
            assert response.status_code in (403, 404), (name, url, response.status_code)
    case.refresh_from_db()
    assert case.status == "filed" and not case.extensions.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_related_rows_follow_the_case_scope(court_a_world, unit_1_people):
    from courtops.core.models import CaseAllocation, Party

    for name in ("judge_a", "assistant_a"):
        person = unit_1_people[name]
        assert not Party.objects.for_user(person).filter(case=court_a_world).exists()
        assert not CaseAllocation.objects.for_user(person).filter(case=court_a_world).exists()
        assert CaseAllocation.objects.for_user(person).filter(case=unit_1_people["own"]).exists()
