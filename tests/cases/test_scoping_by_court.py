"""Court B and the companies see nothing of court A's cases, through pages or the API; judges
and assistants see their own unit's cases."""

from __future__ import annotations

import pytest

from courtops.core.cases.choices import UnitRole
from courtops.core.cases.services import cases_allocate, unit_add_member, unit_create
from courtops.core.models import Case

from .conftest import cause, register


@pytest.fixture
def case_a(court_a):
    return register(
        court_a, 1, parties=[{"role": "plaintiff", "name": "张三", "phone": "13812345678"}]
    )


@pytest.mark.parametrize("who", ["office_b", "supervisor_x", "staff_x", "supervisor_y"])
def test_outsiders_see_no_case_of_court_a(request, case_a, client_for, who):
    person = request.getfixturevalue(who)
    client = client_for(person)
    assert case_a.case_number not in client.get("/cases/").content.decode()
    assert client.get(f"/cases/{case_a.pk}/").status_code == 404
    assert client.get(f"/api/cases/{case_a.pk}/").status_code == 404
    listing = client.get("/api/cases/").json()
    assert listing["count"] == 0
    assert not Case.objects.for_user(person).exists()


def test_court_b_cannot_reveal_or_allocate_court_a_cases(case_a, office_b, client_for):
    party = case_a.parties.get()
    client = client_for(office_b)
    assert client.post(f"/cases/{case_a.pk}/parties/{party.pk}/reveal/").status_code == 404
    assert client.post(f"/api/cases/{case_a.pk}/allocate/").status_code == 404


def test_office_and_leadership_see_every_case_of_their_court(case_a, office_a, leader_a):
    assert list(Case.objects.for_user(office_a)) == [case_a]
    assert list(Case.objects.for_user(leader_a)) == [case_a]


def test_a_judge_sees_the_cases_of_their_unit_only(
    court_a, office_a, judge_a, assistant_a, client_for
):
    unit = unit_create(actor=office_a, court=court_a, number=1, causes=[cause("民间借贷纠纷")])
    unit_add_member(actor=office_a, unit=unit, person=judge_a, role=UnitRole.JUDGE)
    unit_add_member(actor=office_a, unit=unit, person=assistant_a, role=UnitRole.ASSISTANT)
    mine = register(court_a, 1)
    other = register(court_a, 2, "离婚纠纷")
    cases_allocate(actor=office_a, court=court_a, case_ids=[mine.pk])
    assert list(Case.objects.for_user(judge_a)) == [mine]
    assert list(Case.objects.for_user(assistant_a)) == [mine]
    assert client_for(judge_a).get(f"/cases/{other.pk}/").status_code == 404
    assert client_for(judge_a).get(f"/cases/{mine.pk}/").status_code == 200
