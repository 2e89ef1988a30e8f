"""Reads of the foundation, all scoped to what the person may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from courtops.core.exceptions import PermissionRefused
from courtops.core.models import AuditEvent, CalendarDay, Person
from courtops.core.permissions import can_read_audit_trail


def people_visible_to(user) -> QuerySet[Person]:
    return Person.objects.for_user(user).select_related("court", "company", "department")


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """The audit trail is for the office and leadership/auditors of the court."""
    if not user.is_authenticated:
        return AuditEvent.objects.none()
    if not can_read_audit_trail(user):
        raise PermissionRefused(
            _("Only the case-management office and auditors may read the audit trail.")
        )
    return AuditEvent.objects.for_user(user).select_related("seal")


def calendar_days_for(user, *, year: int) -> QuerySet[CalendarDay]:
    """National days and the person's own court's days of one year."""
    qs = CalendarDay.objects.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    if user.court_id is not None:
        return qs.filter(court__isnull=True) | qs.filter(court_id=user.court_id)
    return qs.filter(court__isnull=True)
