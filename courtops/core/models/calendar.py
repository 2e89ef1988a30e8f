"""The working-day calendar: statutory holidays and make-up working days (调休), nationally
(seeded from the chinese-calendar package) and per court (entered by the office)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courtops.core.choices import DayKind, DaySource
from courtops.core.models.tenancy import Court


class CalendarYear(models.Model):
    """A year whose holiday schedule is known. Without one, working-day sums for that year
    refuse with a message that tells the office to enter the schedule."""

    court = models.ForeignKey(
        Court, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=DaySource.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(court__isnull=True), name="calendar_year_national"
            ),
            models.UniqueConstraint(
                fields=["court", "year"],
                condition=Q(court__isnull=False),
                name="calendar_year_court",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the Monday–Friday rule: a holiday on a weekday, a make-up working
    day on a weekend, or a court's own closure or extra day. ``court`` empty = national."""

    court = models.ForeignKey(
        Court, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_days"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    is_working = models.BooleanField(_("working day"))
    is_statutory_holiday = models.BooleanField(
        _("statutory holiday"),
        default=False,
        help_text=_("Statutory holidays move the end of a statutory period to the next day."),
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=DaySource.choices)

    class Meta:
        verbose_name = _("calendar day (工作日历)")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(court__isnull=True), name="calendar_day_national"
            ),
            models.UniqueConstraint(
                fields=["court", "date"],
                condition=Q(court__isnull=False),
                name="calendar_day_court",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
