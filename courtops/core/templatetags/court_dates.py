"""``{% day value %}``: a date as the court reads it — with a 暂定 (provisional) mark when its
year's holiday schedule is not published yet for the viewer's court, so a 2027 due date is never
mistaken for a final one. The one way pages show dates that depend on the working calendar."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from courtops.core.services.calendar_year import published_years

register = template.Library()


def _published(context) -> set[int]:
    request = context.get("request")
    cached = getattr(request, "_published_years", None) if request is not None else None
    if cached is None:
        user = getattr(request, "user", None) or context.get("user")
        cached = published_years(getattr(user, "court_id", None))
        if request is not None:
            request._published_years = cached
    return cached


@register.simple_tag(takes_context=True)
def day(context, value, fmt: str = "Y-m-d"):
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = date_format(value, fmt)
    if value.year in _published(context):
        return text
    return format_html(
        '{} <span class="badge provisional" title="{}">{}</span>',
        text,
        _("The holiday schedule of %(year)s is not published yet; this date may move.")
        % {"year": value.year},
        _("provisional"),
    )
