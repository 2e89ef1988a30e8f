"""The working calendar: a year as twelve month grids, the office entering a holiday with its
make-up working days by range or a whole year from Excel, and publishing the year."""

from __future__ import annotations

import calendar as pycal
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from courtops.core.choices import DayKind
from courtops.core.excel import xlsx_response
from courtops.core.exceptions import DomainError, PermissionRefused, ValidationFailed
from courtops.core.http import AuthenticatedRequest
from courtops.core.permissions import can_manage_calendar, can_view_calendar
from courtops.core.selectors import calendar_days_for
from courtops.core.services.calendar import calendar_set_day
from courtops.core.services.calendar_year import (
    DayRange,
    calendar_enter_ranges,
    calendar_import_year,
    calendar_publish,
    published_years,
    year_template_workbook,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DayKind.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=50, required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class HolidayRangeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Holiday"), max_length=50)
    start = forms.DateField(label=gettext_lazy("First day off"), widget=DATE_INPUT)
    end = forms.DateField(label=gettext_lazy("Last day off"), widget=DATE_INPUT)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[(k.value, k.label) for k in (DayKind.HOLIDAY, DayKind.CLOSED)],
    )
    makeup_days = forms.CharField(
        label=gettext_lazy("Make-up working days (调休)"),
        required=False,
        help_text=gettext_lazy("Weekend dates worked instead, separated by spaces or commas."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)

    def clean_makeup_days(self) -> list[dt.date]:
        raw = self.cleaned_data.get("makeup_days") or ""
        days = []
        for part in raw.replace("，", ",").replace(",", " ").split():
            try:
                days.append(dt.date.fromisoformat(part.replace("/", "-")))
            except ValueError:
                raise forms.ValidationError(
                    _("%(v)s is not a date like 2027-02-06.") % {"v": part}
                ) from None
        return days


class YearImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


# Years a court calendar can hold: anything else is a malformed request (400), not a crash.
MIN_YEAR, MAX_YEAR = 1990, 2100


def _year_of(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if not raw:
        return timezone.localdate().year
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(
            _("Parameter year: %(value)s is not a year from %(min)s to %(max)s.")
            % {"value": raw[:20], "min": MIN_YEAR, "max": MAX_YEAR},
            field="year",
        )
    return year


def _require_office(user) -> None:
    if not can_manage_calendar(user, user.court_id):
        raise PermissionRefused(_("Only the case-management office may manage the calendar."))


def month_grids(year: int, days) -> list[dict]:
    """Twelve months of weeks (Monday first); each cell is a day with its kind and name."""
    entries = {d.date: d for d in days}
    weeks_of = pycal.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in weeks_of.monthdatescalendar(year, month):
            cells: list[dict | None] = []
            for day in week:
                entry = entries.get(day)
                if day.month != month:
                    cells.append(None)
                    continue
                working = entry.is_working if entry else day.weekday() < 5
                cells.append(
                    {
                        "date": day,
                        "working": working,
                        "kind": entry.kind if entry else "",
                        "name": entry.name if entry else "",
                    }
                )
            weeks.append(cells)
        months.append({"number": month, "weeks": weeks})
    return months


@login_required
@require_http_methods(["GET", "POST"])
def calendar_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_view_calendar(user):
        raise PermissionRefused(_("Only the case-management office may manage the calendar."))
    year = _year_of(request)
    day_form = CalendarDayForm(request.POST if "date" in request.POST else None)
    range_form = HolidayRangeForm(
        request.POST if "range-start" in request.POST else None, prefix="range"
    )
    if request.method == "POST":
        _require_office(user)
        if day_form.is_bound and day_form.is_valid():
            d = day_form.cleaned_data
            calendar_set_day(
                actor=user,
                court=user.court,
                date=d["date"],
                kind=d["kind"],
                name=d["name"],
                reason=d["reason"],
            )
            messages.success(request, _("The day has been saved for your court."))
            return redirect(f"{request.path}?year={d['date'].year}")
        if range_form.is_bound and range_form.is_valid():
            d = range_form.cleaned_data
            try:
                written = calendar_enter_ranges(
                    actor=user,
                    court=user.court,
                    year=year,
                    ranges=[
                        DayRange(
                            start=d["start"],
                            end=d["end"],
                            kind=d["kind"],
                            name=d["name"],
                            makeup_days=d["makeup_days"],
                        )
                    ],
                    reason=d["reason"],
                )
            except DomainError as exc:
                range_form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("%(n)s days saved for %(year)s.") % {"n": written, "year": year}
                )
                return redirect(f"{request.path}?year={year}")
    days = list(calendar_days_for(user, year=year).select_related("court").order_by("date"))
    return render(
        request,
        "core/calendar.html",
        {
            "days": days,
            "months": month_grids(year, days),
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "year": year,
            "form": day_form,
            "range_form": range_form,
            "import_form": YearImportForm(),
            "published": year in published_years(user.court_id),
            "years": range(year - 2, year + 3),
        },
    )


@login_required
@require_POST
def calendar_import(request: AuthenticatedRequest) -> HttpResponse:
    _require_office(request.user)
    year = _year_of(request)
    form = YearImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an Excel file to import."))
        return redirect(f"/core/calendar/?year={year}")
    try:
        written = calendar_import_year(
            actor=request.user,
            court=request.user.court,
            year=year,
            content=form.cleaned_data["file"].read(),
        )
    except DomainError as exc:
        messages.error(request, _("Nothing was imported:"))
        for _field, message in exc.errors or [(None, exc.message)]:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(n)s days imported for %(year)s.") % {"n": written, "year": year}
        )
    return redirect(f"/core/calendar/?year={year}")


@login_required
def calendar_template(request: AuthenticatedRequest) -> HttpResponse:
    _require_office(request.user)
    year = _year_of(request)
    return xlsx_response(year_template_workbook(year), f"节假日安排-{year}.xlsx")


@login_required
@require_POST
def calendar_publish_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_office(request.user)
    year = _year_of(request)
    try:
        calendar_publish(actor=request.user, court=request.user.court, year=year)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The %(year)s schedule is published for your court.") % {"year": year}
        )
    return redirect(f"/core/calendar/?year={year}")
