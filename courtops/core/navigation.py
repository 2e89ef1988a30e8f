"""The menu, by role. Core's entries are below; every app registers its own in its
``AppConfig.ready()`` through ``courtops.core.registries.register_nav_items``, so core never
names an app above it and an app that is not installed has no entry (no dead link)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courtops.core.choices import Role
from courtops.core.permissions import is_platform_admin
from courtops.core.registries import NavItem, nav_items

ALL = tuple(Role.values)
COURT = tuple(Role.court_roles())


# Core's own entries; the apps above register theirs in their AppConfig.ready().
CORE_NAV = [
    NavItem("home", _("Home"), ALL, position=0),
    NavItem("cases:list", _("Cases"), COURT, position=10),
    NavItem("cases:units", _("Trial units"), COURT, position=20),
    NavItem(
        "cases:extension-queue",
        _("Extension requests"),
        (Role.OFFICE, Role.LEADERSHIP),
        position=25,
    ),
    NavItem("cases:rules", _("Allocation rules"), (Role.OFFICE, Role.LEADERSHIP), position=30),
    NavItem("core:calendar", _("Working calendar"), (Role.OFFICE, Role.LEADERSHIP), position=60),
    NavItem(
        "core:people",
        _("People"),
        (Role.OFFICE, Role.VENDOR_SUPERVISOR, Role.LEADERSHIP),
        position=70,
    ),
    NavItem("core:audit", _("Audit trail"), (Role.OFFICE, Role.LEADERSHIP), position=80),
    NavItem("api-docs", _("API"), (Role.OFFICE,), position=90),
]


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    out = []
    for item in nav_items():
        if user.role not in item.roles and not is_platform_admin(user):
            continue
        url = reverse(item.url_name)
        out.append({"url": url, "label": item.label, "name": item.url_name})
    return out
