"""The office enters a year's holiday schedule in one go — a holiday with its make-up working
days as one range, or the whole year from Excel (all rows or none, audited) — sees the year as
twelve month grids, and publishes it; until then its dates are marked provisional."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from courtops.core.choices import AuditAction, DayKind
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import AuditEvent, CalendarDay, CalendarYear
from courtops.core.services.calendar import calendar_for
from courtops.core.services.calendar_year import (
    DayRange,
    calendar_enter_ranges,
    calendar_import_year,
    calendar_publish,
)

SPRING = DayRange(
    start=dt.date(2027, 2, 6),
    end=dt.date(2027, 2, 13),
    name="春节",
    makeup_days=[dt.date(2027, 1, 31), dt.date(2027, 2, 20)],
)


def _workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["开始日期", "结束日期", "类型", "名称"])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_holiday_and_its_make_up_days_are_entered_as_one_range(court_a, office_a):
    written = calendar_enter_ranges(actor=office_a, court=court_a, year=2027, ranges=[SPRING])
    assert written == 10
    days = CalendarDay.objects.filter(court=court_a, date__year=2027)
    assert days.filter(kind=DayKind.HOLIDAY).count() == 8
    assert set(days.filter(kind=DayKind.MAKEUP_WORKDAY).values_list("date", flat=True)) == {
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 20),
    }
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, court=court_a).exists()
    # Entering it again writes nothing more.
    assert calendar_enter_ranges(actor=office_a, court=court_a, year=2027, ranges=[SPRING]) == 0


def test_a_year_imports_from_excel_all_rows_or_none(court_a, office_a):
    bad = _workbook(
        [
            ("2027-10-01", "2027-10-07", "法定节假日", "国庆节"),
            ("2027-13-01", "", "法定节假日", "坏日期"),
            ("2027-09-26", "2027-09-26", "不知道", "?"),
            ("2027-05-05", "2027-05-01", "法定节假日", "倒序"),
        ]
    )
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        calendar_import_year(actor=office_a, court=court_a, year=2027, content=bad)
    message = refused.value.message
    assert "row 3" in message and "row 4" in message and "row 5" in message
    assert not CalendarDay.objects.filter(court=court_a, date__year=2027).exists()

    good = _workbook(
        [
            (dt.date(2027, 10, 1), dt.date(2027, 10, 7), "法定节假日", "国庆节"),
            ("2027-09-26", "2027-09-26", "调休上班", "国庆节调休"),
        ]
    )
    assert calendar_import_year(actor=office_a, court=court_a, year=2027, content=good) == 8
    assert CalendarDay.objects.get(court=court_a, date=dt.date(2027, 9, 26)).is_working
    event = AuditEvent.objects.filter(court=court_a).latest("pk")
    assert event.changes["source"] == "excel"


def test_the_office_downloads_a_template_and_imports_it_from_the_page(
    court_a, office_a, client_for
):
    client = client_for(office_a)
    response = client.get(reverse("core:calendar-template") + "?year=2027")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["开始日期", "结束日期", "类型", "名称"]
    upload = io.BytesIO(response.content)
    upload.name = "2027.xlsx"
    page = client.post(
        reverse("core:calendar-import") + "?year=2027", {"file": upload}, follow=True
    )
    assert page.status_code == 200
    assert CalendarDay.objects.filter(court=court_a, date=dt.date(2027, 10, 1)).exists()


def test_the_year_is_shown_as_twelve_month_grids_and_published_from_the_page(
    court_a, office_a, client_for
):
    client = client_for(office_a)
    client.post(
        reverse("core:calendar") + "?year=2027",
        {
            "range-name": "春节",
            "range-start": "2027-02-06",
            "range-end": "2027-02-13",
            "range-kind": "holiday",
            "range-makeup_days": "2027-01-31, 2027-02-20",
            "range-reason": "国务院办公厅通知",
        },
    )
    assert CalendarDay.objects.filter(court=court_a, date__year=2027).count() == 10
    page = client.get(reverse("core:calendar") + "?year=2027").content.decode()
    assert page.count('<table class="month">') == 12
    assert 'class="rest holiday" title="春节"' in page
    assert 'data-testid="publish-year"' in page
    client.post(reverse("core:calendar-publish") + "?year=2027")
    assert CalendarYear.objects.filter(court=court_a, year=2027).exists()
    # Published: sums into 2027 now move past the Spring Festival.
    cal = calendar_for(court_a)
    assert cal.next_working_day(dt.date(2027, 2, 8)) == dt.date(2027, 2, 15)


def test_publishing_needs_the_holidays_first(court_a, office_a):
    with pytest.raises(ValidationFailed):
        calendar_publish(actor=office_a, court=court_a, year=2027)


def test_until_published_the_case_list_marks_2027_due_dates_provisional(
    court_a, office_a, client_for
):
    from tests.cases.conftest import register, staffed_unit

    staffed_unit(court_a, 1, ["民间借贷纠纷"])
    # Ordinary procedure, filed in November 2026: six months end in May 2027.
    register(court_a, 31, procedure="civil_ordinary", filed=dt.date(2026, 11, 20))
    client = client_for(office_a)
    page = client.get(reverse("cases:list")).content.decode()
    assert "2027-05-20" in page
    assert 'class="badge provisional"' in page
    calendar_enter_ranges(
        actor=office_a,
        court=court_a,
        year=2027,
        ranges=[DayRange(start=dt.date(2027, 5, 1), end=dt.date(2027, 5, 5), name="劳动节")],
    )
    calendar_publish(actor=office_a, court=court_a, year=2027)
    page = client.get(reverse("cases:list")).content.decode()
    assert 'class="badge provisional"' not in page


def test_only_the_office_enters_or_publishes_a_year(court_a, judge_a, leader_a):
    from courtops.core.exceptions import PermissionRefused

    for person in (judge_a, leader_a):
        with pytest.raises(PermissionRefused):
            calendar_enter_ranges(actor=person, court=court_a, year=2027, ranges=[SPRING])
        with pytest.raises(PermissionRefused):
            calendar_publish(actor=person, court=court_a, year=2027)
    assert not CalendarDay.objects.filter(court=court_a, date__year=2027).exists()
