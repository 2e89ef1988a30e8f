"""A year's holiday schedule entered in one go: date ranges (a holiday with its make-up working
days, 调休), an Excel workbook of such ranges (all rows or none), and publication. Until a year
is published its dates are provisional: sums that reach it are not moved past its rest days
(``WorkingCalendar`` refuses the year) and every date of it is shown with a 暂定 mark.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from courtops.core.actors import Actor
from courtops.core.choices import AuditAction, DayKind, DaySource
from courtops.core.exceptions import Conflict, ValidationFailed
from courtops.core.models import CalendarDay, CalendarYear, Court
from courtops.core.permissions import can_manage_calendar, require
from courtops.core.services.audit import audit_record

MAX_RANGE_DAYS = 31  # the longest Chinese holiday is 9 days; a month covers court closures
IMPORT_HEADERS = ("开始日期", "结束日期", "类型", "名称")


@dataclass
class DayRange:
    """``start``..``end`` (both included) of one kind, with the make-up working days that come
    with a holiday (调休). ``row`` is the spreadsheet row, for error messages."""

    start: dt.date
    end: dt.date
    kind: str = DayKind.HOLIDAY
    name: str = ""
    makeup_days: list[dt.date] = field(default_factory=list)
    row: int | None = None


def published_years(court_id: int | None) -> set[int]:
    """Years whose schedule is published for this court (nationally or by the court)."""
    rows = CalendarYear.objects.filter(court__isnull=True)
    if court_id is not None:
        rows = CalendarYear.objects.filter(court__isnull=True) | CalendarYear.objects.filter(
            court_id=court_id
        )
    return set(rows.values_list("year", flat=True))


def _check(ranges: list[DayRange], year: int) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    seen: dict[dt.date, int] = {}
    for i, r in enumerate(ranges):
        where = _("row %(n)s") % {"n": r.row} if r.row else _("entry %(n)s") % {"n": i + 1}
        key = f"rows[{r.row}]" if r.row else f"ranges[{i}]"

        def bad(message: str, key: str = key, where: str = where) -> None:
            errors.append((key, f"{where}: {message}"))

        if r.kind not in DayKind.values:
            bad(_("unknown kind %(kind)s.") % {"kind": r.kind})
        if r.end < r.start:
            bad(_("the end date %(end)s is before the start date.") % {"end": r.end})
            continue
        if (r.end - r.start).days + 1 > MAX_RANGE_DAYS:
            bad(_("a range may cover at most %(n)s days.") % {"n": MAX_RANGE_DAYS})
            continue
        days = [r.start + dt.timedelta(days=k) for k in range((r.end - r.start).days + 1)]
        # A New Year holiday may begin on 31 December of the year before: a range belongs to
        # the year if one of its days does, and its make-up days lie near it.
        if all(day.year != year for day in days):
            bad(_("%(day)s is not in %(year)s.") % {"day": r.start, "year": year})
        for day in r.makeup_days:
            if abs((day - r.start).days) > MAX_RANGE_DAYS:
                bad(_("make-up working day %(day)s is far from its holiday.") % {"day": day})
        for day in [*days, *r.makeup_days]:
            if day in seen and seen[day] != i:
                bad(_("%(day)s is entered twice.") % {"day": day})
                break
            seen[day] = i
        for day in r.makeup_days:
            if day.weekday() < 5:
                bad(_("make-up working day %(day)s is not a weekend day.") % {"day": day})
    return errors


def _put(court: Court | None, day: dt.date, kind: str, name: str) -> str:
    working = kind in (DayKind.MAKEUP_WORKDAY, DayKind.OPEN)
    row = CalendarDay.objects.filter(court=court, date=day).first() or CalendarDay(
        court=court, date=day
    )
    changed = row.pk is None or (row.kind, row.name) != (kind, name)
    row.kind, row.is_working, row.name = kind, working, name
    row.is_statutory_holiday = kind == DayKind.HOLIDAY
    row.source = DaySource.OFFICE
    row.save()
    return "changed" if changed else "same"


def calendar_enter_ranges(
    *,
    actor: Actor,
    court: Court | None,
    year: int,
    ranges: list[DayRange],
    reason: str = "",
    source: str = "form",
) -> int:
    """Enter holidays (or closures) by range with their make-up working days, for one year.
    Every range is checked first; any error refuses them all (``ValidationFailed`` listing each
    row). Entering the same ranges again changes nothing. One audit event. Returns the number
    of days written."""
    _require_manager(actor, court)
    if not ranges:
        raise ValidationFailed(_("Enter at least one date range."), field="ranges")
    if year in _published_by(court, year):
        raise Conflict(
            _("The schedule for %(year)s is published; it can no longer be changed by range.")
            % {"year": year}
        )
    errors = _check(ranges, year)
    if errors:
        raise ValidationFailed("; ".join(m for _f, m in errors), errors=errors)
    written = 0
    with transaction.atomic():
        for r in ranges:
            day = r.start
            while day <= r.end:
                written += _put(court, day, r.kind, r.name) == "changed"
                day += dt.timedelta(days=1)
            for makeup in r.makeup_days:
                written += (
                    _put(court, makeup, DayKind.MAKEUP_WORKDAY, f"{r.name}调休".strip())
                    == "changed"
                )
        if written:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=court,
                object_type="core.calendarday",
                object_repr=_("Holiday schedule %(year)s") % {"year": year},
                court_id=court.pk if court else None,
                changes={
                    "source": source,
                    "ranges": [
                        [str(r.start), str(r.end), r.kind, r.name, [str(d) for d in r.makeup_days]]
                        for r in ranges
                    ],
                    "days_written": written,
                },
                reason=reason,
            )
    return written


def _require_manager(actor, court: Court | None) -> None:
    require(
        can_manage_calendar(actor, court.pk if court else None),
        _("Only the case-management office may manage the calendar."),
    )


def _published_by(court: Court | None, year: int) -> set[int]:
    return set(CalendarYear.objects.filter(court=court, year=year).values_list("year", flat=True))


def _kind_from_cell(value: str) -> str | None:
    from django.utils import translation

    text = str(value or "").strip()
    for kind in DayKind:
        with translation.override("zh-hans"):
            zh = str(kind.label)
        with translation.override("en"):
            en = str(kind.label)
        if text in (kind.value, zh, en):  # a template downloaded in either language
            return kind.value
    return {
        "节假日": DayKind.HOLIDAY,
        "调休上班": DayKind.MAKEUP_WORKDAY,
        "闭院": DayKind.CLOSED,
    }.get(text)


def _date_from_cell(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip().replace("/", "-"))
    except ValueError:
        return None


def parse_year_workbook(content: bytes) -> tuple[list[DayRange], list[tuple[str, str]]]:
    """Rows of the template (开始日期, 结束日期, 类型, 名称) as ranges, and the rows that do not
    parse (each named by its row number)."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationFailed(
            _("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from exc
    ranges: list[DayRange] = []
    errors: list[tuple[str, str]] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(cells) + [None] * 4
        if number == 1 or not any(c not in (None, "") for c in cells[:4]):
            continue
        start, end = _date_from_cell(cells[0]), _date_from_cell(cells[1] or cells[0])
        kind = _kind_from_cell(cells[2])
        if start is None or end is None:
            errors.append(
                (
                    f"rows[{number}]",
                    _("row %(n)s: the dates must read like 2027-02-06.") % {"n": number},
                )
            )
            continue
        if kind is None:
            errors.append(
                (
                    f"rows[{number}]",
                    _("row %(n)s: unknown kind %(kind)s.") % {"n": number, "kind": cells[2] or ""},
                )
            )
            continue
        ranges.append(
            DayRange(start=start, end=end, kind=kind, name=str(cells[3] or "").strip(), row=number)
        )
    return ranges, errors


def calendar_import_year(*, actor: Actor, court: Court | None, year: int, content: bytes) -> int:
    """Import a year's schedule from the Excel template: every row is checked, one bad row
    refuses the whole file (the errors name each row), the rest is one audited transaction.
    A 调休上班 row is a make-up working day (or a range of them)."""
    _require_manager(actor, court)
    ranges, errors = parse_year_workbook(content)
    errors += _check(ranges, year)
    if errors:
        raise ValidationFailed("; ".join(m for _f, m in errors), errors=errors)
    return calendar_enter_ranges(actor=actor, court=court, year=year, ranges=ranges, source="excel")


def year_template_workbook(year: int) -> bytes:
    """The import template, with two example rows for the given year."""
    from courtops.core.excel import workbook_bytes

    return workbook_bytes(
        [
            (
                str(year),
                IMPORT_HEADERS,
                [
                    (f"{year}-10-01", f"{year}-10-07", str(DayKind.HOLIDAY.label), "国庆节"),
                    (
                        f"{year}-09-26",
                        f"{year}-09-26",
                        str(DayKind.MAKEUP_WORKDAY.label),
                        "国庆节调休",
                    ),
                ],
            )
        ]
    )


def calendar_publish(
    *, actor: Actor, court: Court | None, year: int, note: str = ""
) -> CalendarYear:
    """Publish a year's schedule (after its holidays are entered): from then on sums into it
    move past its rest days, and stored 审限 ends are recomputed once the transaction commits.
    Publishing twice changes nothing."""
    from courtops.core.services.calendar import calendar_publish_year

    _require_manager(actor, court)
    entered = (
        CalendarDay.objects.filter(date__year=year, kind=DayKind.HOLIDAY)
        .filter(court=court)
        .exists()
        or CalendarDay.objects.filter(
            date__year=year, kind=DayKind.HOLIDAY, court__isnull=True
        ).exists()
    )
    if not entered:
        raise ValidationFailed(
            _("Enter the holidays of %(year)s before publishing its schedule.") % {"year": year},
            field="year",
        )
    with transaction.atomic():
        cal_year = calendar_publish_year(actor=actor, year=year, court=court, note=note)
        transaction.on_commit(lambda: _refresh_limits(court))
    return cal_year


def _refresh_limits(court: Court | None) -> None:
    """Provisional 审限 ends become final (runs after commit; the nightly sweep repeats it)."""
    from courtops.core.cases.services import case_refresh_time_limits

    courts = [court] if court is not None else list(Court.objects.filter(is_active=True))
    for each in courts:
        case_refresh_time_limits(court=each)
