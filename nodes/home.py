"""Home-page panel: the size of the standards library (office and leadership)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from courtops.core.choices import Role


def library_panel(user) -> dict | None:
    if user.role not in (Role.OFFICE, Role.LEADERSHIP):
        return None
    from nodes.selectors import library_stats

    stats = library_stats()
    library, templates = reverse("nodes:library"), reverse("nodes:templates")
    return {
        "title": _("Standards library"),
        "items": [
            (_("Operating standards"), stats["standards"], library),
            (_("Node types"), stats["node_types"], reverse("nodes:search")),
            (_("Workflow templates"), stats["templates"], templates),
        ],
    }
