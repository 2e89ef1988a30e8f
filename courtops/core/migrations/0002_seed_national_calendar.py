"""Seed the national holidays and make-up working days known to the chinese-calendar package."""

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    chinese = {h.value: h.chinese for h in Holiday}
    existing = set(CalendarDay.objects.filter(court__isnull=True).values_list("date", flat=True))
    rows = []
    for source, kind, working in (
        (chinese_calendar.holidays, "holiday", False),
        (chinese_calendar.workdays, "makeup_workday", True),
    ):
        for day, name in source.items():
            if day not in existing:
                rows.append(
                    CalendarDay(
                        court=None, date=day, kind=kind, is_working=working,
                        is_statutory_holiday=not working, name=chinese.get(name, name), source="package",
                    )
                )
    CalendarDay.objects.bulk_create(rows)
    for year in sorted({d.year for d in chinese_calendar.holidays}):
        CalendarYear.objects.get_or_create(court=None, year=year, defaults={"source": "package", "note": "chinese-calendar"})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
