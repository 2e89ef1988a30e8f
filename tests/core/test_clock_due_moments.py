"""One clock: ``due_at`` gives the due moment of a period in every unit on a court's calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courtops.core.choices import DayKind
from courtops.core.clock import TimeUnit, due_at
from courtops.core.exceptions import CalendarNotPublished, ValidationFailed
from courtops.core.services.calendar import calendar_publish_year, calendar_set_day

pytestmark = pytest.mark.django_db


def test_working_days_skip_the_weekend_and_count_a_make_up_saturday():
    # Fri 7 Mar 2025 + 1 working day → Mon 10 Mar.
    assert due_at(start=dt.date(2025, 3, 7), amount=1, unit=TimeUnit.WORKING_DAYS) == dt.date(
        2025, 3, 10
    )
    # Tue 30 Sep 2025 + 3: 1–8 Oct are 国庆 holidays; Sat 11 Oct is a make-up working day (调休).
    assert due_at(start=dt.date(2025, 9, 30), amount=3, unit=TimeUnit.WORKING_DAYS) == dt.date(
        2025, 10, 11
    )


def test_calendar_days_run_through_holidays_without_a_shift():
    assert due_at(start=dt.date(2025, 9, 30), amount=1, unit=TimeUnit.CALENDAR_DAYS) == dt.date(
        2025, 10, 1
    )


def test_statutory_days_ending_on_a_holiday_move_to_the_first_working_day_after_it():
    # 26 Sep + 5 days = 1 Oct (国庆) → Thu 9 Oct.
    assert due_at(start=dt.date(2025, 9, 26), amount=5, unit=TimeUnit.STATUTORY_DAYS) == dt.date(
        2025, 10, 9
    )


def test_statutory_days_ending_on_a_make_up_working_saturday_end_that_saturday():
    # 6 Oct + 5 days = Sat 11 Oct, a make-up working day (调休): the period ends there.
    assert due_at(start=dt.date(2025, 10, 6), amount=5, unit=TimeUnit.STATUTORY_DAYS) == dt.date(
        2025, 10, 11
    )


def test_statutory_days_ending_on_an_ordinary_weekend_move_to_monday():
    # Mon 3 Mar + 5 days = Sat 8 Mar → Mon 10 Mar.
    assert due_at(start=dt.date(2025, 3, 3), amount=5, unit=TimeUnit.STATUTORY_DAYS) == dt.date(
        2025, 3, 10
    )


def test_statutory_months_at_month_end_take_the_last_day_of_a_shorter_month():
    # 31 Aug 2024 + 6 months: February has no 31st → Fri 28 Feb 2025, a working day.
    assert due_at(start=dt.date(2024, 8, 31), amount=6, unit=TimeUnit.STATUTORY_MONTHS) == dt.date(
        2025, 2, 28
    )
    # 31 Jan 2024 + 1 month → 29 Feb 2024 (leap year).
    assert due_at(start=dt.date(2024, 1, 31), amount=1, unit=TimeUnit.STATUTORY_MONTHS) == dt.date(
        2024, 2, 29
    )


def test_statutory_months_ending_in_a_holiday_move_past_it():
    # 31 Mar 2025 + 2 months = Sat 31 May, first day of 端午 (31 May – 2 Jun) → Tue 3 Jun.
    assert due_at(start=dt.date(2025, 3, 31), amount=2, unit=TimeUnit.STATUTORY_MONTHS) == dt.date(
        2025, 6, 3
    )


def test_hours_count_from_the_next_full_hour_and_run_across_a_weekend():
    start = timezone.make_aware(dt.datetime(2025, 3, 7, 17, 20))  # Friday afternoon
    due = due_at(start=start, amount=48, unit=TimeUnit.HOURS)
    assert timezone.localtime(due) == timezone.make_aware(dt.datetime(2025, 3, 9, 18, 0))


def test_hours_from_a_date_start_at_its_midnight():
    due = due_at(start=dt.date(2025, 3, 7), amount=24, unit=TimeUnit.HOURS)
    assert timezone.localtime(due) == timezone.make_aware(dt.datetime(2025, 3, 8, 0, 0))


def test_a_courts_own_closure_moves_its_statutory_ends_but_not_another_courts(
    court_a, court_b, office_a
):
    calendar_set_day(
        actor=office_a, court=court_a, date=dt.date(2025, 3, 10), kind=DayKind.CLOSED, name="停电"
    )
    start, five = dt.date(2025, 3, 3), 5
    assert due_at(
        start=start, amount=five, unit=TimeUnit.STATUTORY_DAYS, court_id=court_a.pk
    ) == dt.date(2025, 3, 11)
    assert due_at(
        start=start, amount=five, unit=TimeUnit.STATUTORY_DAYS, court_id=court_b.pk
    ) == dt.date(2025, 3, 10)


def test_a_year_without_a_schedule_is_refused_until_the_office_publishes_it(court_a, office_a):
    with pytest.raises(CalendarNotPublished):
        due_at(
            start=dt.date(2026, 12, 30), amount=5, unit=TimeUnit.WORKING_DAYS, court_id=court_a.pk
        )
    calendar_publish_year(actor=office_a, court=court_a, year=2027)
    assert due_at(
        start=dt.date(2026, 12, 30), amount=5, unit=TimeUnit.WORKING_DAYS, court_id=court_a.pk
    ) == dt.date(2027, 1, 6)


def test_an_unknown_unit_or_a_negative_amount_is_refused_naming_the_field():
    with pytest.raises(ValidationFailed) as exc:
        due_at(start=dt.date(2025, 3, 3), amount=1, unit="fortnights")
    assert exc.value.field == "unit"
    with pytest.raises(ValidationFailed) as exc:
        due_at(start=dt.date(2025, 3, 3), amount=-1, unit=TimeUnit.STATUTORY_DAYS)
    assert exc.value.field == "amount"


def test_the_deadline_api_speaks_every_unit_of_the_clock(office_a, client_for):
    client = client_for(office_a)
    for unit in TimeUnit.values:
        response = client.get(
            "/api/core/calendar/deadline/", {"start": "2025-09-26", "amount": 5, "unit": unit}
        )
        assert response.status_code == 200, (unit, response.content)
    hours = client.get(
        "/api/core/calendar/deadline/",
        {"start": "2025-03-07T17:20:00+08:00", "amount": 48, "unit": "hours"},
    ).json()
    assert hours["due"].startswith("2025-03-09T18:00")
    bad = client.get(
        "/api/core/calendar/deadline/", {"start": "someday", "amount": 5, "unit": "hours"}
    )
    assert bad.status_code == 400 and "start" in bad.json()
