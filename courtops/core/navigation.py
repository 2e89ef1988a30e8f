"""The menu, by role. Each app adds its entries here; entries whose URL does not exist yet are
left out, so the menu never shows a dead link."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from courtops.core.choices import Role

ALL = tuple(Role.values)
COURT = tuple(Role.court_roles())


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: tuple[str, ...]


NAV: list[NavItem] = [
    NavItem("home", _("Home"), ALL),
    NavItem("cases:list", _("Cases"), COURT),
    NavItem("cases:units", _("Trial units"), COURT),
    NavItem("cases:extension-queue", _("Extension requests"), (Role.OFFICE, Role.LEADERSHIP)),
    NavItem("cases:rules", _("Allocation rules"), (Role.OFFICE, Role.LEADERSHIP)),
    NavItem("nodes:library", _("Standards library"), ALL),
    NavItem("nodes:templates", _("Workflow templates"), ALL),
    NavItem("core:calendar", _("Working calendar"), (Role.OFFICE, Role.LEADERSHIP)),
    NavItem("core:people", _("People"), (Role.OFFICE, Role.VENDOR_SUPERVISOR, Role.LEADERSHIP)),
    NavItem("core:audit", _("Audit trail"), (Role.OFFICE, Role.LEADERSHIP)),
    NavItem("api-docs", _("API"), (Role.OFFICE,)),
]


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    out = []
    for item in NAV:
        if user.role not in item.roles and not (user.is_superuser and user.court_id is None):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"url": url, "label": item.label, "name": item.url_name})
    return out
