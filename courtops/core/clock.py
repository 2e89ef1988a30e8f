"""The one clock of the project: the units a period is counted in, and the moment it falls due
on a court's working-day calendar.

Every due moment — a case's 审限, the deadline API, a node's SLA — is computed by ``due_at``;
nothing else dispatches on a unit. The calendar itself (which days are working days in which
court) is ``courtops.core.services.calendar.WorkingCalendar``.

* ``working_days`` (contract SLAs): the n-th working day after the start; weekends and holidays
  are skipped, make-up working days (调休) count.
* ``calendar_days``: the start plus n days, rest days included, no shift.
* ``hours``: clock hours; the starting hour is not counted, so the start is rounded up to the
  next full hour (CPL Art. 85). Hours run through nights, weekends and holidays (a 48-hour
  preservation ruling is due 48 hours later even over a weekend).
* ``statutory_days`` / ``statutory_months`` (法定期间, CPL Art. 85): counted from the next day;
  a period in months ends on the corresponding day of the final month, or its last day when it
  has none (Civil Code Arts. 200–203); an end on a rest day moves to the first working day after
  it — a make-up working day (调休) is a working day, so a period may end on a Saturday.

A sum that reaches a year whose holiday schedule is not entered raises
``CalendarNotPublished`` (from the calendar) with a message the office can act on.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courtops.core.exceptions import ValidationFailed
from courtops.core.services.calendar import WorkingCalendar, add_months, calendar_for


class TimeUnit(models.TextChoices):
    """The units a period is counted in (node time limits, SLAs, the deadline API)."""

    WORKING_DAYS = "working_days", gettext_lazy("working days")
    CALENDAR_DAYS = "calendar_days", gettext_lazy("calendar days")
    HOURS = "hours", gettext_lazy("hours")
    STATUTORY_DAYS = "statutory_days", gettext_lazy("days (statutory period)")
    STATUTORY_MONTHS = "statutory_months", gettext_lazy("months (statutory period)")


Moment = dt.date | dt.datetime


def _as_date(moment: Moment) -> dt.date:
    if isinstance(moment, dt.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.date()
    return moment


def _as_datetime(moment: Moment) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        return moment
    return timezone.make_aware(dt.datetime.combine(moment, dt.time.min))


def span_end(start: Moment, amount: int, unit: str) -> dt.date:
    """The last day of a period of days or months counted from the day after ``start``, before
    any rest-day shift. ``unit`` is a day or month unit of ``TimeUnit``. The 审限 chains these
    (base period, extensions, excluded days) and shifts only the final end (``rest_day_shift``)."""
    day = _as_date(start)
    if amount < 0:
        raise ValidationFailed(_("A period cannot be negative."), field="amount")
    if unit in (TimeUnit.STATUTORY_DAYS, TimeUnit.CALENDAR_DAYS):
        return day + dt.timedelta(days=amount)
    if unit == TimeUnit.STATUTORY_MONTHS:
        return add_months(day, amount)
    raise ValidationFailed(_("Unknown period unit %(unit)s.") % {"unit": unit}, field="unit")


def rest_day_shift(day: dt.date, *, calendar: WorkingCalendar) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it (CPL Art. 85:
    a statutory period that ends on a rest day ends on the next working day)."""
    return calendar.next_working_day(day)


def due_at(
    *,
    start: Moment,
    amount: int,
    unit: str,
    court_id: int | None = None,
    calendar: WorkingCalendar | None = None,
) -> Moment:
    """The moment a period of ``amount`` ``unit`` that starts at ``start`` falls due, on the
    calendar of ``court_id`` (or the ``calendar`` given, to reuse its loaded years in bulk work).
    A date for the day units, an aware datetime for hours."""
    cal = calendar if calendar is not None else calendar_for(court_id)
    if unit == TimeUnit.HOURS:
        if amount < 0:
            raise ValidationFailed(_("A period cannot be negative."), field="amount")
        return cal.add_hours(_as_datetime(start), amount)
    if unit == TimeUnit.WORKING_DAYS:
        return cal.add_working_days(start, amount)
    if unit == TimeUnit.CALENDAR_DAYS:
        return span_end(start, amount, unit)
    if unit in (TimeUnit.STATUTORY_DAYS, TimeUnit.STATUTORY_MONTHS):
        return rest_day_shift(span_end(start, amount, unit), calendar=cal)
    raise ValidationFailed(_("Unknown period unit %(unit)s.") % {"unit": unit}, field="unit")
