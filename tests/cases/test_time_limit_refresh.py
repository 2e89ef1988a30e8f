from __future__ import annotations

import datetime as dt

from courtops.core.cases.choices import ExclusionKind
from courtops.core.cases.services import exclusion_add
from courtops.core.cases.tasks import refresh_time_limits
from courtops.core.models import Case

from .conftest import register


def test_the_refresh_moves_the_end_of_a_case_whose_clock_is_stopped(court_a, office_a):
    case = register(court_a, 1, filed=dt.date(2026, 6, 1), procedure="civil_simple")
    exclusion_add(
        actor=office_a,
        case_id=case.pk,
        kind=ExclusionKind.APPRAISAL,
        start_date=dt.date(2026, 7, 1),
        reason="鉴定",
        approver="庭长",
        evidence="委托书",
    )
    Case.objects.filter(pk=case.pk).update(time_limit_end=dt.date(2026, 9, 1))  # stale
    assert refresh_time_limits() == 1
    case.refresh_from_db()
    assert case.time_limit_end > dt.date(2026, 9, 1)
    assert refresh_time_limits() == 0  # a rerun changes nothing
