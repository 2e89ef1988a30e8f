"""审限: every procedure's base period, extensions, excluded periods, conversion, and years
whose holiday schedule is not entered yet."""

from __future__ import annotations

import datetime as dt

import pytest

from courtops.core.cases.choices import ExclusionKind, PeriodUnit, Procedure
from courtops.core.cases.selectors import case_time_limit
from courtops.core.cases.services import (
    case_change_procedure,
    exclusion_add,
    exclusion_end,
    extension_decide,
    extension_request,
)
from courtops.core.cases.timelimits import compute, excluded_days
from courtops.core.exceptions import ValidationFailed
from courtops.core.services.calendar import calendar_for

from .conftest import register

FILED = dt.date(2025, 3, 3)  # a Monday
TODAY = dt.date(2025, 3, 4)


@pytest.mark.parametrize(
    ("procedure", "end"),
    [
        (Procedure.ORDINARY, dt.date(2025, 9, 3)),  # 6 months
        (Procedure.SIMPLE, dt.date(2025, 6, 3)),  # 3 months
        (Procedure.SMALL_CLAIMS, dt.date(2025, 5, 6)),  # 2 months → 3 May is in the May Day holiday
        (Procedure.SPECIAL, dt.date(2025, 4, 2)),  # 30 days
        (Procedure.SECOND_INSTANCE, dt.date(2025, 6, 3)),  # 3 months
        (Procedure.SECOND_INSTANCE_RULING, dt.date(2025, 4, 2)),  # 30 days
        (Procedure.ENFORCEMENT, dt.date(2025, 9, 3)),  # 6 months
        (Procedure.CRIMINAL_ORDINARY, dt.date(2025, 5, 6)),  # 2 months, holiday
        (Procedure.CRIMINAL_SIMPLE, dt.date(2025, 3, 24)),  # 20 days → Sunday 23rd
        (Procedure.CRIMINAL_FAST_TRACK, dt.date(2025, 3, 13)),  # 10 days
        (Procedure.ADMIN_ORDINARY, dt.date(2025, 9, 3)),  # 6 months
        (Procedure.ADMIN_SIMPLE, dt.date(2025, 4, 17)),  # 45 days
        (Procedure.PRESERVATION, dt.date(2025, 3, 10)),  # 5 days → Saturday 8th
    ],
)
def test_each_procedure_has_its_statutory_limit_counted_from_the_day_after_filing(
    db, procedure, end
):
    limit = compute(
        procedure=procedure, filing_date=FILED, today=TODAY, calendar=calendar_for(None)
    )
    assert limit.starts == dt.date(2025, 3, 4)
    assert limit.end == end
    assert limit.remaining_days == (end - TODAY).days


def test_every_procedure_has_a_limit_rule(db):
    for procedure in Procedure.values:
        compute(procedure=procedure, filing_date=FILED, today=TODAY, calendar=calendar_for(None))


def test_an_excluded_period_moves_the_end_and_a_holiday_end_moves_past_the_holiday(
    court_a, office_a
):
    case = register(court_a, 1, filed=FILED, year=2025, procedure=Procedure.ORDINARY)
    exclusion_add(
        actor=office_a,
        case_id=case.pk,
        kind=ExclusionKind.PUBLIC_NOTICE,
        start_date=dt.date(2025, 4, 1),
        end_date=dt.date(2025, 4, 30),
        reason="被告下落不明，公告送达",
        approver="院长赵某",
        evidence="公告（2025）第12号",
    )
    limit = case_time_limit(case, today=dt.date(2025, 5, 1))
    assert limit.excluded_days == 30
    # 3 Sep + 30 days = 3 Oct, inside the National Day holiday (1–8 Oct 2025).
    assert limit.end == dt.date(2025, 10, 9)
    case.refresh_from_db()
    assert case.time_limit_end == dt.date(2025, 10, 9)


def test_overlapping_excluded_periods_count_once_and_an_open_one_runs_to_today():
    d = dt.date
    assert (
        excluded_days(
            [(d(2025, 4, 1), d(2025, 4, 10)), (d(2025, 4, 5), d(2025, 4, 12))], d(2025, 5, 1)
        )
        == 12
    )
    assert excluded_days([(d(2025, 4, 1), None)], d(2025, 4, 3)) == 3


def test_an_open_excluded_period_stops_the_clock_until_it_ends(court_a, office_a):
    case = register(court_a, 2, filed=FILED, year=2025, procedure=Procedure.ORDINARY)
    exclusion = exclusion_add(
        actor=office_a,
        case_id=case.pk,
        kind=ExclusionKind.APPRAISAL,
        start_date=dt.date(2025, 5, 1),
        reason="司法鉴定",
        approver="庭长",
        evidence="鉴定委托书",
    )
    assert case_time_limit(case, today=dt.date(2025, 5, 10)).paused
    exclusion_end(actor=office_a, exclusion_id=exclusion.pk, end_date=dt.date(2025, 5, 10))
    limit = case_time_limit(case, today=dt.date(2025, 7, 1))
    assert not limit.paused and limit.excluded_days == 10
    assert limit.end == dt.date(2025, 9, 15)  # 3 Sep + 10 = 13 Sep (Saturday) → Monday 15th


def test_an_excluded_period_needs_reason_approver_and_evidence(court_a, office_a):
    case = register(court_a, 3, filed=FILED, year=2025, procedure=Procedure.ORDINARY)
    with pytest.raises(ValidationFailed, match="approver and evidence"):
        exclusion_add(
            actor=office_a,
            case_id=case.pk,
            kind=ExclusionKind.SETTLEMENT,
            start_date=dt.date(2025, 4, 1),
            reason="和解",
            approver="",
            evidence="",
        )


def test_an_approved_extension_adds_its_period_and_the_result_is_recomputable(court_a, office_a):
    case = register(court_a, 4, filed=FILED, year=2025, procedure=Procedure.ORDINARY)
    ext = extension_request(
        actor=office_a,
        case_id=case.pk,
        amount=6,
        unit=PeriodUnit.MONTHS,
        reason="案情复杂",
        requested_on=dt.date(2025, 8, 1),
    )
    assert case_time_limit(case, today=dt.date(2025, 8, 2)).end == dt.date(2025, 9, 3)  # not yet
    extension_decide(
        actor=office_a,
        extension_id=ext.pk,
        approve=True,
        approver="院长赵某",
        evidence="延审审批表",
        decided_on=dt.date(2025, 8, 20),
    )
    first = case_time_limit(case, today=dt.date(2025, 9, 1))
    assert first.end == dt.date(2026, 3, 3)
    assert case_time_limit(case, today=dt.date(2025, 9, 1)) == first
    case.refresh_from_db()
    assert case.time_limit_end == first.end


def test_an_extension_requested_less_than_15_days_before_expiry_is_refused(court_a, office_a):
    case = register(court_a, 5, filed=FILED, year=2025, procedure=Procedure.ORDINARY)
    with pytest.raises(ValidationFailed, match="at least 15 days"):
        extension_request(
            actor=office_a, case_id=case.pk, amount=1, reason="x", requested_on=dt.date(2025, 8, 25)
        )


def test_the_president_cannot_extend_a_simple_case_beyond_one_month(court_a, office_a):
    case = register(court_a, 6, filed=FILED, year=2025, procedure=Procedure.SIMPLE)
    first = extension_request(
        actor=office_a, case_id=case.pk, amount=1, reason="x", requested_on=dt.date(2025, 4, 1)
    )
    extension_decide(
        actor=office_a,
        extension_id=first.pk,
        approve=True,
        approver="院长",
        decided_on=dt.date(2025, 4, 5),
    )
    second = extension_request(
        actor=office_a, case_id=case.pk, amount=1, reason="y", requested_on=dt.date(2025, 4, 10)
    )
    with pytest.raises(ValidationFailed, match="higher court"):
        extension_decide(actor=office_a, extension_id=second.pk, approve=True, approver="院长")
    extension_decide(
        actor=office_a,
        extension_id=second.pk,
        approve=True,
        approver="中院",
        higher_court=True,
        decided_on=dt.date(2025, 4, 12),
    )
    assert case_time_limit(case, today=dt.date(2025, 4, 12)).end == dt.date(
        2025, 8, 4
    )  # 3 Aug is a Sunday


def test_converting_simple_to_ordinary_keeps_the_original_filing_date(court_a, office_a):
    case = register(court_a, 7, filed=FILED, year=2025, procedure=Procedure.SIMPLE)
    assert case_time_limit(case, today=TODAY).end == dt.date(2025, 6, 3)
    case_change_procedure(
        actor=office_a,
        case_id=case.pk,
        to_procedure=Procedure.ORDINARY,
        reason="被告下落不明需公告",
        changed_on=dt.date(2025, 5, 20),
    )
    case.refresh_from_db()
    assert case.filing_date == FILED and case.complexity == "complex"
    assert case_time_limit(case, today=dt.date(2025, 5, 21)).end == dt.date(2025, 9, 3)
    assert case.procedure_changes.get().from_procedure == Procedure.SIMPLE


def test_a_simple_case_cannot_be_served_by_public_notice(court_a, office_a):
    case = register(court_a, 8, filed=FILED, year=2025, procedure=Procedure.SIMPLE)
    with pytest.raises(ValidationFailed, match="ordinary procedure"):
        exclusion_add(
            actor=office_a,
            case_id=case.pk,
            kind=ExclusionKind.PUBLIC_NOTICE,
            start_date=dt.date(2025, 4, 1),
            reason="公告",
            approver="庭长",
            evidence="公告",
        )


def test_a_limit_reaching_a_year_without_holiday_schedule_is_provisional_not_an_error(db):
    limit = compute(
        procedure=Procedure.ORDINARY,
        filing_date=dt.date(2026, 9, 1),
        today=dt.date(2026, 9, 2),
        calendar=calendar_for(None),
    )
    assert limit.provisional
    assert limit.end == dt.date(2027, 3, 1)
    assert "2027" in limit.note
