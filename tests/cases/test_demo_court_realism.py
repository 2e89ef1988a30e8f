"""The demo court looks like a real one: each judge and assistant belongs to the division of the
unit they work in, and divorce cases are shared by several family units."""

from __future__ import annotations

from collections import Counter

from courtops.core.actors import SYSTEM
from courtops.core.cases.choices import CaseStatus
from courtops.core.demo.cases import load
from courtops.core.models import Case, Department, Person, TrialUnitMember

DIVISION_OF_CAUSE = {
    "申请执行民事判决": "执行局",
    "盗窃罪": "刑事审判庭",
    "行政处罚": "行政审判庭",
    "离婚纠纷": "家事审判庭",
}


def test_people_belong_to_the_division_of_their_unit_and_divorce_cases_are_shared(court_a):
    load(court=court_a)
    members = TrialUnitMember.objects.filter(unit__court=court_a).select_related(
        "person__department", "unit"
    )
    for member in members:
        causes = set(member.unit.causes.values_list("name", flat=True))
        for cause, division in DIVISION_OF_CAUSE.items():
            if cause in causes and len(causes) <= 10 and cause != "离婚纠纷":
                assert member.person.department.name == division, (member.unit, member.person)
    assistants = Person.objects.filter(court=court_a, role="assistant")
    departments = Counter(assistants.values_list("department__name", flat=True))
    assert departments["执行局"] >= 20 and departments["刑事审判庭"] >= 5
    assert departments["行政审判庭"] >= 3 and departments["家事审判庭"] >= 10
    assert departments["民事审判第一庭"] < assistants.count() / 2
    assert None not in departments
    assert Department.objects.filter(court=court_a, name="家事审判庭").count() == 1

    open_divorce = Counter(
        Case.objects.filter(
            court=court_a, cause__name="离婚纠纷", status__in=CaseStatus.open_values()
        )
        .exclude(trial_unit=None)
        .values_list("trial_unit__number", flat=True)
    )
    assert len(open_divorce) >= 3, open_divorce
    assert max(open_divorce.values()) <= 0.5 * sum(open_divorce.values()), open_divorce


def test_loading_the_demo_again_changes_nothing(court_a):
    load(court=court_a)
    people = Person.objects.filter(court=court_a).count()
    departments = Department.objects.filter(court=court_a).count()
    load(court=court_a)
    assert Person.objects.filter(court=court_a).count() == people
    assert Department.objects.filter(court=court_a).count() == departments


def test_the_demo_logins_join_unit_1_once(court_a):
    from courtops.core.choices import Role
    from courtops.core.services.people import person_create

    for username, role in (("judge", Role.JUDGE), ("assistant", Role.ASSISTANT)):
        person_create(
            actor=SYSTEM,
            username=username,
            full_name=username,
            role=role,
            password="Demo-Passw0rd-2026",
            court=court_a,
            must_change_password=False,
            check_password=False,
        )
    load(court=court_a)
    for username in ("judge", "assistant"):
        memberships = TrialUnitMember.objects.filter(person__username=username)
        assert [m.unit.number for m in memberships] == [1]
    assert Person.objects.filter(court=court_a, role="assistant").count() == 150
