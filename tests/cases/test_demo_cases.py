from __future__ import annotations

import io

from courtops.core.cases.choices import CaseStatus
from courtops.core.choices import Role
from courtops.core.demo.cases import load
from courtops.core.models import Case, Person, TrialUnit, TrialUnitMember


def test_the_demo_register_is_shaped_like_the_model_court_and_loads_once(court_a):
    out = io.StringIO()
    load(court=court_a, stdout=out)
    units = TrialUnit.objects.filter(court=court_a)
    assert units.count() == 33
    assert sum(1 for u in units if u.causes.count() == 1) == 7
    assert all(u.causes.count() <= 10 for u in units)
    assert Person.objects.filter(court=court_a, role=Role.JUDGE).count() == 108
    assert TrialUnitMember.objects.filter(unit__court=court_a, role="judge").count() == 99
    cases = Case.objects.filter(court=court_a)
    assert cases.count() == 4000
    assert cases.filter(status__in=CaseStatus.open_values(), trial_unit__isnull=True).count() == 20
    assert (
        cases.filter(status=CaseStatus.CLOSED).exists()
        and cases.filter(status=CaseStatus.IN_TRIAL).exists()
    )
    assert "demo register ready" in out.getvalue()
    load(court=court_a, stdout=out)
    assert Case.objects.filter(court=court_a).count() == 4000
