from __future__ import annotations

import pytest

from courtops.core.cases.choices import UnitRole
from courtops.core.cases.services import unit_add_member, unit_create, unit_update
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, PermissionRefused, ValidationFailed
from courtops.core.models import AuditEvent, CaseCause

from .conftest import staffed_unit


def _causes(n):
    return list(CaseCause.objects.filter(court=None, level__gte=2).order_by("path")[:n])


def test_a_unit_may_handle_ten_causes(court_a, office_a):
    unit = unit_create(actor=office_a, court=court_a, number=1, causes=_causes(10))
    assert unit.causes.count() == 10


def test_an_eleventh_cause_is_refused_with_a_clear_error(court_a, office_a):
    with pytest.raises(ValidationFailed, match="at most 10 causes; 单元9 would have 11"):
        unit_create(actor=office_a, court=court_a, number=9, name="单元9", causes=_causes(11))
    unit = unit_create(actor=office_a, court=court_a, number=1, name="单元1", causes=_causes(10))
    with pytest.raises(ValidationFailed, match="at most 10"):
        unit_update(actor=office_a, unit=unit, causes=_causes(11))
    assert unit.causes.count() == 10


def test_changing_a_unit_is_audited(court_a, office_a):
    unit = unit_create(actor=office_a, court=court_a, number=1, causes=_causes(2))
    unit_update(actor=office_a, unit=unit, handles_complex=False, reason="只办简案")
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(unit.pk)).get()
    assert event.changes["handles_complex"] == [True, False]


def test_only_the_office_changes_units(court_a, judge_a):
    with pytest.raises(PermissionRefused):
        unit_create(actor=judge_a, court=court_a, number=1)


def test_a_person_is_an_active_member_of_one_unit_only(court_a, office_a, judge_a):
    first = unit_create(actor=office_a, court=court_a, number=1)
    second = unit_create(actor=office_a, court=court_a, number=2)
    unit_add_member(actor=office_a, unit=first, person=judge_a, role=UnitRole.JUDGE)
    with pytest.raises(Conflict, match="already a member"):
        unit_add_member(actor=office_a, unit=second, person=judge_a, role=UnitRole.JUDGE)


def test_an_assistant_cannot_join_as_a_judge(court_a, office_a, assistant_a):
    unit = unit_create(actor=office_a, court=court_a, number=1)
    with pytest.raises(ValidationFailed, match="not a Judge"):
        unit_add_member(actor=office_a, unit=unit, person=assistant_a, role=UnitRole.JUDGE)


def test_a_unit_of_another_court_cannot_take_this_courts_people(court_b, office_b, judge_a):
    unit = unit_create(actor=office_b, court=court_b, number=1)
    with pytest.raises(ValidationFailed):
        unit_add_member(actor=office_b, unit=unit, person=judge_a, role=UnitRole.JUDGE)


def test_staffed_units_have_three_judges(court_a):
    unit = staffed_unit(court_a, 5, ["离婚纠纷"])
    assert unit.members.filter(role=UnitRole.JUDGE).count() == 3
