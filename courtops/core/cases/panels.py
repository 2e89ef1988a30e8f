"""Home-page panel of the case register: what needs attention today."""

from __future__ import annotations

from django.utils.translation import gettext as _

from courtops.core.cases import named_filters
from courtops.core.choices import Role


def cases_panel(user) -> dict | None:
    """One line per named filter of the user's role: its count and the list it opens, both from
    the same definition (``named_filters``), so the number equals the list."""
    if not user.is_authenticated or user.court_id is None or user.role not in Role.court_roles():
        return None
    items = [(f.label, f.count(user), f.url()) for f in named_filters.for_user(user)]
    return {"title": _("Cases"), "items": items}
