"""Home-page panels of the foundation: what the office must act on (calendar, audit chain)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.choices import Role
from courtops.core.models import AuditEvent, CalendarYear


def foundation_panel(user) -> dict | None:
    if user.role not in (Role.OFFICE, Role.LEADERSHIP) or user.court_id is None:
        return None
    today = timezone.localdate()
    next_year = today.year + 1
    known = CalendarYear.objects.filter(year=next_year, court__isnull=True).exists() or (
        CalendarYear.objects.filter(year=next_year, court_id=user.court_id).exists()
    )
    events = AuditEvent.objects.for_user(user)
    items = [
        (
            _("Holiday schedule %(year)s") % {"year": next_year},
            _("entered")
            if known
            else _("NOT entered — deadlines into %(year)s cannot be computed")
            % {"year": next_year},
            f"{reverse('core:calendar')}?year={next_year}",
        ),
        (_("Audit events today"), events.filter(at__date=today).count(), reverse("core:audit")),
        (_("Audit events awaiting sealing"), events.filter(seal__isnull=True).count(), None),
    ]
    return {"title": _("System"), "items": items}
