"""The working-day calendar of a court and its day arithmetic: which days are working days,
the n-th working day after a date, clock hours from the next full hour. Due moments in any unit
(working days, calendar days, hours, statutory days and months) are computed by
``courtops.core.clock.due_at``, which uses this calendar.

National holidays come from the chinese-calendar package (``calendar_seed``); the office enters
next year's schedule and court closures (``calendar_set_day``). A sum that reaches a year with
no known schedule raises ``CalendarNotPublished`` with a message the office can act on.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import Actor
from courtops.core.choices import AuditAction, DayKind, DaySource
from courtops.core.exceptions import CalendarNotPublished, ValidationFailed
from courtops.core.models import CalendarDay, CalendarYear, Court
from courtops.core.permissions import can_manage_calendar, require
from courtops.core.services.audit import audit_record, snapshot

MAX_SPAN_DAYS = 3 * 366  # refuse absurd sums instead of looping for ever


def _as_date(moment: dt.date | dt.datetime) -> dt.date:
    if isinstance(moment, dt.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.date()
    return moment


@dataclass
class WorkingCalendar:
    """The calendar of one court (national days overlaid by the court's own). Loads a year's
    exceptions once, on first use; build one per operation and reuse it for bulk work."""

    court_id: int | None
    _years: dict[int, dict[dt.date, CalendarDay]] = field(default_factory=dict)

    def _year(self, year: int) -> dict[dt.date, CalendarDay]:
        if year not in self._years:
            known = CalendarYear.objects.filter(year=year, court__isnull=True).exists() or (
                self.court_id is not None
                and CalendarYear.objects.filter(year=year, court_id=self.court_id).exists()
            )
            if not known:
                raise CalendarNotPublished(
                    _(
                        "The holiday schedule for %(year)s has not been entered. The case-management "
                        "office must enter it under Working calendar before dates in %(year)s can be "
                        "computed."
                    )
                    % {"year": year},
                    field="date",
                )
            days: dict[dt.date, CalendarDay] = {}
            for day in CalendarDay.objects.filter(date__year=year, court__isnull=True):
                days[day.date] = day
            if self.court_id is not None:  # the court's own entries win
                for day in CalendarDay.objects.filter(date__year=year, court_id=self.court_id):
                    days[day.date] = day
            self._years[year] = days
        return self._years[year]

    # -- single days ---------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        entry = self._year(day.year).get(day)
        if entry is not None:
            return entry.is_working
        return day.weekday() < 5

    def day_name(self, day: dt.date) -> str:
        entry = self._year(day.year).get(day)
        return entry.name if entry is not None else ""

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        for _i in range(MAX_SPAN_DAYS):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise ValidationFailed(_("No working day found within three years."))

    # -- sums ----------------------------------------------------------------------------
    def add_working_days(self, start: dt.date | dt.datetime, n: int) -> dt.date:
        """The n-th working day after ``start`` (n ≥ 1), or before it for n ≤ -1. n = 0 gives
        ``start`` moved forward to a working day."""
        day = _as_date(start)
        if abs(n) > MAX_SPAN_DAYS:
            raise ValidationFailed(_("At most %(n)s days can be added.") % {"n": MAX_SPAN_DAYS})
        if n == 0:
            return self.next_working_day(day)
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def add_hours(self, start: dt.datetime, hours: int) -> dt.datetime:
        """Clock hours; the starting hour is not counted, so ``start`` is first rounded up to
        the next full hour (CPL Art. 85)."""
        base = start.replace(minute=0, second=0, microsecond=0)
        if base != start:
            base += dt.timedelta(hours=1)
        return base + dt.timedelta(hours=hours)

    def working_days_between(self, start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> int:
        """Working days in (start, end]; negative when ``end`` is before ``start``."""
        a, b = _as_date(start), _as_date(end)
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        if (b - a).days > MAX_SPAN_DAYS * 3:
            raise ValidationFailed(_("The span is too long to count."))
        count = 0
        day = a
        while day < b:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the last day of that month (Civil Code 200–203)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, pycal.monthrange(year, month)[1]))


def calendar_for(court: Court | int | None) -> WorkingCalendar:
    court_id = court.pk if isinstance(court, Court) else court
    return WorkingCalendar(court_id=court_id)


# --- writes ---------------------------------------------------------------------------------
def calendar_seed(*, first_year: int | None = None, last_year: int | None = None) -> dict:
    """Load the national holidays and make-up working days that the chinese-calendar package
    knows into the calendar. Idempotent: days the office entered are never overwritten."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    chinese = {h.value: h.chinese for h in Holiday}
    known_years = sorted({d.year for d in chinese_calendar.holidays})
    years = [
        y
        for y in known_years
        if (first_year is None or y >= first_year) and (last_year is None or y <= last_year)
    ]
    created = 0
    with transaction.atomic():
        existing = set(
            CalendarDay.objects.filter(court__isnull=True, date__year__in=years).values_list(
                "date", flat=True
            )
        )
        rows = []
        for source, kind, working in (
            (chinese_calendar.holidays, DayKind.HOLIDAY, False),
            (chinese_calendar.workdays, DayKind.MAKEUP_WORKDAY, True),
        ):
            for day, name in source.items():
                if day.year in years and day not in existing:
                    rows.append(
                        CalendarDay(
                            court=None,
                            date=day,
                            kind=kind,
                            is_working=working,
                            is_statutory_holiday=not working,
                            name=chinese.get(name, name),
                            source=DaySource.PACKAGE,
                        )
                    )
        CalendarDay.objects.bulk_create(rows)
        created = len(rows)
        for year in years:
            CalendarYear.objects.get_or_create(
                court=None,
                year=year,
                defaults={"source": DaySource.PACKAGE, "note": "chinese-calendar"},
            )
    return {"years": years, "days_created": created}


def calendar_publish_year(
    *, actor: Actor, year: int, court: Court | None = None, note: str = ""
) -> CalendarYear:
    """Declare a year's schedule entered (after its holidays and make-up days are in): for one
    court by its office, nationally (court=None) by the platform administrator or the system."""
    require(
        can_manage_calendar(actor, court.pk if court else None),
        _("Only the case-management office may manage the calendar."),
    )
    with transaction.atomic():
        cal_year, created = CalendarYear.objects.get_or_create(
            court=court, year=year, defaults={"source": DaySource.OFFICE, "note": note}
        )
        if created:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=cal_year,
                court_id=court.pk if court else None,
                changes={"year": [None, year]},
                reason=note,
            )
    return cal_year


def calendar_set_day(
    *,
    actor: Actor,
    date: dt.date,
    kind: str,
    name: str = "",
    court: Court | None = None,
    reason: str = "",
) -> CalendarDay:
    """Add or override one day, nationally (court=None: platform administrator or system only)
    or for one court (its office)."""
    require(
        can_manage_calendar(actor, court.pk if court else None),
        _("Only the case-management office may manage the calendar."),
    )
    if kind not in DayKind.values:
        raise ValidationFailed(_("Unknown day kind %(kind)s.") % {"kind": kind}, field="kind")
    working = kind in (DayKind.MAKEUP_WORKDAY, DayKind.OPEN)
    with transaction.atomic():
        day = CalendarDay.objects.filter(court=court, date=date).first()
        before = snapshot(day) if day else {}
        if day is None:
            day = CalendarDay(court=court, date=date)
        day.kind, day.is_working, day.name = kind, working, name
        day.is_statutory_holiday = kind == DayKind.HOLIDAY
        day.source = DaySource.OFFICE
        day.save()
        after = snapshot(day)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=day,
            court_id=court.pk if court else None,
            changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
            reason=reason,
        )
    return day
