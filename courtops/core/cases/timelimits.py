"""The statutory time limit (审限) of a case, computed from recorded events only.

Counted from the day after filing (民诉解释 Art. 125): the base period of the procedure, plus
approved extensions, plus excluded periods (公告, 鉴定, 和解, 管辖异议, 审计/评估, 中止 — each
counted in whole days, both ends included, an open one up to today); an end on a rest day moves
to the next working day (CPL Art. 85). A change of procedure (简转普) keeps the original filing
date and applies the new procedure's period. Because nothing but the events is used, the
result can be recomputed exactly at any time. The arithmetic is the clock's
(``courtops.core.clock``); every path — page, API, refresh, import — calls
``courtops.core.cases.selectors.case_time_limit``.

Where the holiday schedule of the final year has not been entered yet (chinese-calendar knows
up to 2026), the end is given without the rest-day shift and marked provisional, with the
office's message, instead of failing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from courtops.core.cases.choices import ExtensionStatus, PeriodUnit, Procedure
from courtops.core.clock import TimeUnit, rest_day_shift, span_end
from courtops.core.exceptions import CalendarNotPublished
from courtops.core.services.calendar import WorkingCalendar

EXTENSION_NOTICE_DAYS = 15  # 2018延审规定 Art. 1: apply at least 15 days before expiry


@dataclass(frozen=True)
class LimitRule:
    """Base period of a procedure and how far the president alone may extend it (None: no
    fixed cap for the president; a higher court's approval always may go further)."""

    amount: int
    unit: str
    max_extension: tuple[int, str] | None
    basis: str


LIMITS: dict[str, LimitRule] = {
    Procedure.ORDINARY: LimitRule(6, PeriodUnit.MONTHS, (6, PeriodUnit.MONTHS), "CPL Art. 152"),
    Procedure.SIMPLE: LimitRule(3, PeriodUnit.MONTHS, (1, PeriodUnit.MONTHS), "CPL Art. 164"),
    Procedure.SMALL_CLAIMS: LimitRule(2, PeriodUnit.MONTHS, (1, PeriodUnit.MONTHS), "CPL Art. 168"),
    Procedure.SPECIAL: LimitRule(30, PeriodUnit.DAYS, None, "CPL Art. 187"),
    # 督促程序: the payment order is issued within 15 days of accepting the application.
    Procedure.PAYMENT_ORDER: LimitRule(15, PeriodUnit.DAYS, None, "CPL Art. 227"),
    Procedure.SECOND_INSTANCE: LimitRule(
        3, PeriodUnit.MONTHS, (3, PeriodUnit.MONTHS), "CPL Art. 183"
    ),
    Procedure.SECOND_INSTANCE_RULING: LimitRule(30, PeriodUnit.DAYS, None, "CPL Art. 183"),
    Procedure.ENFORCEMENT: LimitRule(
        6, PeriodUnit.MONTHS, (3, PeriodUnit.MONTHS), "2000审限规定 Art. 5"
    ),
    # 执行异议: examined within 15 days of receipt, not under the enforcement case's 6 months.
    Procedure.ENFORCEMENT_OBJECTION: LimitRule(15, PeriodUnit.DAYS, None, "CPL Art. 236"),
    Procedure.CRIMINAL_ORDINARY: LimitRule(
        2, PeriodUnit.MONTHS, (1, PeriodUnit.MONTHS), "刑诉法 Art. 208"
    ),
    Procedure.CRIMINAL_SIMPLE: LimitRule(
        20, PeriodUnit.DAYS, (25, PeriodUnit.DAYS), "刑诉法 Art. 220"
    ),
    Procedure.CRIMINAL_FAST_TRACK: LimitRule(
        10, PeriodUnit.DAYS, (5, PeriodUnit.DAYS), "刑诉法 Art. 225"
    ),
    Procedure.ADMIN_ORDINARY: LimitRule(6, PeriodUnit.MONTHS, None, "行诉法 Art. 81"),
    Procedure.ADMIN_SIMPLE: LimitRule(45, PeriodUnit.DAYS, None, "行诉法 Art. 83"),
    Procedure.PRESERVATION: LimitRule(5, PeriodUnit.DAYS, None, "CPL Art. 103"),
}


# The 审限's own units (days / months, stored on extensions) are statutory periods of the clock.
STATUTORY_UNIT: dict[str, TimeUnit] = {
    PeriodUnit.DAYS: TimeUnit.STATUTORY_DAYS,
    PeriodUnit.MONTHS: TimeUnit.STATUTORY_MONTHS,
}


def add_period(day: dt.date, amount: int, unit: str) -> dt.date:
    """The raw end of ``amount`` days or months after ``day`` (no rest-day shift yet)."""
    return span_end(day, amount, STATUTORY_UNIT[unit])


def excluded_days(intervals: Iterable[tuple[dt.date, dt.date | None]], today: dt.date) -> int:
    """Days covered by the union of the intervals (both ends included; open ends run to today;
    overlaps counted once)."""
    spans = sorted((start, end or today) for start, end in intervals)
    total = 0
    cur_start: dt.date | None = None
    cur_end: dt.date | None = None
    for start, end in spans:
        if end < start:
            continue
        if cur_end is None or start > cur_end + dt.timedelta(days=1):
            if cur_end is not None and cur_start is not None:
                total += (cur_end - cur_start).days + 1
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    if cur_end is not None and cur_start is not None:
        total += (cur_end - cur_start).days + 1
    return total


@dataclass
class TimeLimit:
    """The computed time limit of one case."""

    starts: dt.date
    base_end: dt.date
    end: dt.date
    extension_text: str
    excluded_days: int
    paused: bool
    provisional: bool
    note: str
    remaining_days: int | None  # None for a closed case
    closed_in_time: bool | None
    basis: str
    events: list = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.remaining_days is not None and self.remaining_days < 0


def compute(
    *,
    procedure: str,
    filing_date: dt.date,
    extensions: Iterable = (),
    exclusions: Iterable = (),
    closing_date: dt.date | None = None,
    today: dt.date,
    calendar: WorkingCalendar,
) -> TimeLimit:
    """The time limit from the recorded events. ``extensions`` are TimeLimitExtension-like rows
    (only approved ones count); ``exclusions`` are rows with ``start_date``/``end_date``."""
    rule = LIMITS[procedure]
    raw = add_period(filing_date, rule.amount, rule.unit)
    base_raw = raw
    parts = []
    for ext in sorted(extensions, key=lambda e: (e.decided_on or e.requested_on, e.pk or 0)):
        if ext.status != ExtensionStatus.APPROVED:
            continue
        raw = add_period(raw, ext.amount, ext.unit)
        parts.append(f"+{ext.amount} {PeriodUnit(ext.unit).label}")
    clock_stops = list(exclusions)
    until = min(today, closing_date) if closing_date else today
    days_out = excluded_days(((x.start_date, x.end_date) for x in clock_stops), until)
    raw += dt.timedelta(days=days_out)
    paused = closing_date is None and any(
        x.end_date is None and x.start_date <= today for x in clock_stops
    )
    provisional, note = False, ""
    try:
        end = rest_day_shift(raw, calendar=calendar)
        base_end = rest_day_shift(base_raw, calendar=calendar)
    except CalendarNotPublished as exc:
        end, base_end, provisional, note = raw, base_raw, True, exc.message
    remaining = None if closing_date else (end - today).days
    return TimeLimit(
        starts=filing_date + dt.timedelta(days=1),
        base_end=base_end,
        end=end,
        extension_text=" ".join(parts),
        excluded_days=days_out,
        paused=paused,
        provisional=provisional,
        note=note,
        remaining_days=remaining,
        closed_in_time=(closing_date <= end) if closing_date else None,
        basis=rule.basis,
    )


def extension_cap_left(procedure: str, approved: Iterable) -> tuple[int, str] | None:
    """What the president may still grant, or None when there is no fixed cap."""
    rule = LIMITS[procedure]
    if rule.max_extension is None:
        return None
    cap, unit = rule.max_extension
    used = sum(e.amount for e in approved if e.unit == unit and not e.higher_court)
    return max(cap - used, 0), unit


def describe_remaining(limit: TimeLimit) -> str:
    if limit.remaining_days is None:
        return _("closed within the limit") if limit.closed_in_time else _("closed after the limit")
    if limit.remaining_days < 0:
        return _("%(n)s days overdue") % {"n": -limit.remaining_days}
    return _("%(n)s days left") % {"n": limit.remaining_days}
