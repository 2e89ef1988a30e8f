"""One permission policy: each named predicate lets exactly its personas through, the system actor
passes, ``None`` is an error, and the services ask it even when no view is in front of them."""

from __future__ import annotations

import datetime as dt

import pytest

from courtops.core import permissions as p
from courtops.core.actors import SYSTEM
from courtops.core.cases.services import unit_add_member
from courtops.core.choices import DayKind
from courtops.core.exceptions import PermissionRefused
from courtops.core.models import CalendarDay, CalendarYear, Case, Person
from courtops.core.services.calendar import calendar_publish_year, calendar_set_day
from tests.cases.conftest import register, staffed_unit

PERSONAS = [
    "admin",
    "office_a",
    "judge_a",
    "assistant_a",
    "leader_a",
    "office_b",
    "supervisor_x",
    "staff_x",
    "supervisor_y",
]


@pytest.fixture
def admin(db):
    return Person.objects.create_superuser("platform", "Adm1n-Passw0rd!", full_name="平台管理员")


@pytest.fixture
def people(request, admin, office_a, judge_a, assistant_a, leader_a, office_b):
    extra = {n: request.getfixturevalue(n) for n in ("supervisor_x", "staff_x", "supervisor_y")}
    return {
        "admin": admin,
        "office_a": office_a,
        "judge_a": judge_a,
        "assistant_a": assistant_a,
        "leader_a": leader_a,
        "office_b": office_b,
        **extra,
    }


def allowed(people, predicate) -> set[str]:
    return {name for name, person in people.items() if predicate(person)}


def test_is_platform_admin(people):
    assert allowed(people, p.is_platform_admin) == {"admin"}
    assert not p.is_platform_admin(SYSTEM)


def test_can_write_cases_of_court_a(people, court_a):
    assert allowed(people, lambda a: p.can_write_cases(a, court_a.pk)) == {"admin", "office_a"}


def test_can_configure_and_manage_the_calendar_of_court_a(people, court_a):
    assert allowed(people, lambda a: p.can_configure_court(a, court_a.pk)) == {
        "admin",
        "office_a",
    }
    assert allowed(people, lambda a: p.can_manage_calendar(a, court_a.pk)) == {
        "admin",
        "office_a",
    }


def test_only_the_platform_admin_manages_the_national_calendar(people):
    assert allowed(people, lambda a: p.can_manage_calendar(a, None)) == {"admin"}
    assert p.can_manage_calendar(SYSTEM, None)


def test_the_calendar_and_the_rules_are_read_by_office_and_leadership(people):
    readers = {"admin", "office_a", "office_b", "leader_a"}
    assert allowed(people, p.can_view_calendar) == readers
    assert allowed(people, p.can_read_allocation_rules) == readers
    assert allowed(people, p.can_read_audit_trail) == readers


def test_can_handle_a_case_of_its_unit(people, court_a, judge_a, assistant_a):
    unit = staffed_unit(court_a, 1, ["民间借贷纠纷"], judges=0, assistants=0)
    unit_add_member(actor=SYSTEM, unit=unit, person=judge_a, role="judge")
    case = register(court_a, 1)
    other = register(court_a, 2)
    Case.objects.filter(pk=case.pk).update(trial_unit=unit)
    case.refresh_from_db()
    assert allowed(people, lambda a: p.can_handle_case(a, case)) == {
        "admin",
        "office_a",
        "judge_a",
    }
    assert allowed(people, lambda a: p.can_handle_case(a, other)) == {"admin", "office_a"}
    assert allowed(people, lambda a: p.can_reveal_personal_data(a, case)) == {
        "admin",
        "office_a",
        "judge_a",
    }


def test_can_manage_people(people, staff_x, judge_a):
    assert allowed(people, lambda a: p.can_manage_people(a, judge_a)) == {"admin", "office_a"}
    # Company X serves court A: its office and X's own supervisor manage X's staff.
    assert allowed(people, lambda a: p.can_manage_people(a, staff_x)) == {
        "admin",
        "office_a",
        "supervisor_x",
    }


def test_who_lists_and_adds_people(people):
    assert allowed(people, p.can_list_people) == {
        "admin",
        "office_a",
        "office_b",
        "leader_a",
        "supervisor_x",
        "supervisor_y",
    }
    assert allowed(people, p.can_add_people) == {
        "admin",
        "office_a",
        "office_b",
        "supervisor_x",
        "supervisor_y",
    }


def test_can_write_the_library(people):
    # Every office (the library is shared); the platform administrator has the office role.
    assert allowed(people, p.can_write_library) == {"admin", "office_a", "office_b"}


def test_the_system_passes_and_none_is_an_error(court_a):
    assert p.can_write_cases(SYSTEM, court_a.pk) and p.is_office_of(SYSTEM, court_a.pk)
    with pytest.raises(TypeError):
        p.can_write_cases(None, court_a.pk)


def test_the_calendar_services_refuse_a_non_office_actor_called_directly(
    court_a, judge_a, office_b, leader_a, office_a
):
    for actor in (judge_a, office_b, leader_a):
        with pytest.raises(PermissionRefused):
            calendar_set_day(
                actor=actor, court=court_a, date=dt.date(2027, 5, 6), kind=DayKind.CLOSED
            )
        with pytest.raises(PermissionRefused):
            calendar_publish_year(actor=actor, court=court_a, year=2027)
    with pytest.raises(PermissionRefused):  # the national calendar is not a court's to change
        calendar_set_day(actor=office_a, court=None, date=dt.date(2027, 5, 6), kind=DayKind.CLOSED)
    assert not CalendarDay.objects.filter(date=dt.date(2027, 5, 6)).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()
    calendar_set_day(actor=office_a, court=court_a, date=dt.date(2027, 5, 6), kind=DayKind.CLOSED)
    assert CalendarDay.objects.filter(court=court_a, date=dt.date(2027, 5, 6)).exists()
