"""Home-page panel of the case register: what needs attention today."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.cases.choices import CaseStatus
from courtops.core.choices import Role
from courtops.core.home import register_panel
from courtops.core.models import Case


@register_panel
def cases_panel(user) -> dict | None:
    if not user.is_authenticated or user.court_id is None or user.role not in Role.court_roles():
        return None
    today = timezone.localdate()
    open_cases = Case.objects.for_user(user).filter(status__in=CaseStatus.open_values())
    url = reverse("cases:list")
    items = [
        (_("Open cases"), open_cases.count(), url + "?status=in_trial"),
        (
            _("Time limit ends within 15 days"),
            open_cases.filter(
                time_limit_end__gte=today, time_limit_end__lte=today + dt.timedelta(days=15)
            ).count(),
            url + "?expiring=15",
        ),
        (
            _("Past the time limit"),
            open_cases.filter(time_limit_end__lt=today).count(),
            url + "?expiring=0",
        ),
    ]
    if user.role == Role.OFFICE:
        items.insert(
            0,
            (
                _("Not yet allocated"),
                open_cases.filter(trial_unit__isnull=True).count(),
                url + "?pending=1",
            ),
        )
    return {"title": _("Cases"), "items": items}
