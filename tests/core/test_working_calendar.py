"""Working days, statutory periods and the calendar the office maintains."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courtops.core.choices import DayKind
from courtops.core.clock import TimeUnit, due_at
from courtops.core.exceptions import CalendarNotPublished
from courtops.core.models import AuditEvent
from courtops.core.services.calendar import (
    add_months,
    calendar_for,
    calendar_publish_year,
    calendar_set_day,
)

pytestmark = pytest.mark.django_db

dates_2020s = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2025, 6, 30))
HYP = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_national_day_week_is_not_working_but_its_make_up_saturday_is():
    cal = calendar_for(None)
    assert not cal.is_working_day(dt.date(2025, 10, 1))
    assert not cal.is_working_day(dt.date(2025, 10, 8))
    assert cal.is_working_day(dt.date(2025, 10, 11))  # Saturday make-up working day (调休)
    assert cal.is_working_day(dt.date(2025, 9, 28))  # Sunday make-up working day
    assert cal.day_name(dt.date(2025, 10, 1)) == "国庆节"


def test_adding_working_days_skips_the_national_day_holiday():
    cal = calendar_for(None)
    # Tue 30 Sep 2025 + 1 working day: 1–8 Oct are holidays → Thu 9 Oct.
    assert cal.add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)
    # ... and the make-up Saturday 11 Oct counts: 9, 10, 11 → 3rd working day is 11 Oct.
    assert cal.add_working_days(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)


def test_a_statutory_period_ending_in_a_holiday_moves_to_the_first_working_day_after_it():
    # Filed 26 Sep 2025; 5 days from the next day end on 1 Oct (国庆) → 9 Oct.
    assert due_at(start=dt.date(2025, 9, 26), amount=5, unit=TimeUnit.STATUTORY_DAYS) == dt.date(
        2025, 10, 9
    )
    # An end on an ordinary working day stays put.
    assert due_at(start=dt.date(2025, 3, 3), amount=5, unit=TimeUnit.STATUTORY_DAYS) == dt.date(
        2025, 3, 8 + 2
    )


def test_a_period_in_months_ends_on_the_corresponding_day_or_the_months_last_day():
    assert add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 15), 6) == dt.date(2024, 7, 15)
    # Six months from 15 Jan 2024 is Mon 15 Jul 2024, a working day.
    assert due_at(start=dt.date(2024, 1, 15), amount=6, unit=TimeUnit.STATUTORY_MONTHS) == dt.date(
        2024, 7, 15
    )


def test_hours_are_counted_from_the_next_full_hour():
    cal = calendar_for(None)
    start = dt.datetime(2025, 3, 3, 9, 20)
    assert cal.add_hours(start, 48) == dt.datetime(2025, 3, 5, 10, 0)


def test_a_year_without_a_schedule_is_refused_with_a_message_for_the_office():
    cal = calendar_for(None)
    with pytest.raises(CalendarNotPublished) as exc:
        cal.add_working_days(dt.date(2026, 12, 30), 5)
    assert "2027" in exc.value.message


def test_the_office_enters_next_years_schedule_and_court_closures(court_a, office_a, court_b):
    calendar_set_day(
        actor=office_a,
        court=court_a,
        date=dt.date(2027, 1, 1),
        kind=DayKind.HOLIDAY,
        name="元旦",
        reason="国务院通知",
    )
    calendar_publish_year(actor=office_a, court=court_a, year=2027, note="按国办发明电录入")
    cal_a = calendar_for(court_a)
    assert cal_a.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    with pytest.raises(CalendarNotPublished):
        calendar_for(court_b).add_working_days(dt.date(2026, 12, 31), 1)
    # A court closure is the court's own; other courts keep working.
    calendar_set_day(
        actor=office_a,
        court=court_a,
        date=dt.date(2025, 3, 4),
        kind=DayKind.CLOSED,
        name="停电",
        reason="供电检修",
    )
    assert not calendar_for(court_a).is_working_day(dt.date(2025, 3, 4))
    assert calendar_for(court_b).is_working_day(dt.date(2025, 3, 4))
    assert AuditEvent.objects.filter(object_type="core.calendarday", court=court_a).count() == 2


@HYP
@given(start=dates_2020s, n=st.integers(min_value=1, max_value=60))
def test_adding_n_working_days_lands_on_a_working_day_and_counts_back_to_n(start, n):
    cal = calendar_for(None)
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end)
    assert end > start
    assert cal.working_days_between(start, end) == n


@HYP
@given(start=dates_2020s, n=st.integers(min_value=1, max_value=40))
def test_adding_working_days_is_monotone_in_n(start, n):
    cal = calendar_for(None)
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@HYP
@given(start=dates_2020s, n=st.integers(min_value=0, max_value=120))
def test_a_statutory_period_never_ends_on_a_rest_day_nor_before_its_plain_end(start, n):
    cal = calendar_for(None)
    end = due_at(start=start, amount=n, unit=TimeUnit.STATUTORY_DAYS, calendar=cal)
    assert cal.is_working_day(end)
    assert end >= start + dt.timedelta(days=n)
