"""How the standards library's audit events read (see courtops/core/audit_reading.py).
Imported once from NodesConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courtops.core.audit_reading import Lookup, fmt, register, register_choices
from courtops.core.clock import TimeUnit
from nodes import choices

register_choices(
    choices.Performer,
    choices.OutputType,
    TimeUnit,
    choices.StartEvent,
    choices.NodeKind,
    choices.ReviewMode,
    choices.Severity,
    choices.PayUnit,
    choices.ChecklistKind,
    choices.VersionStatus,
    choices.VersionSource,
)


def _time_limit(value: Any, lookup: Lookup) -> str:
    if not isinstance(value, dict):
        return fmt(value, None, lookup)
    text = f"{value.get('amount', '—')} {fmt(value.get('unit'), None, lookup)}"
    if value.get("starts"):
        text += _(", counted from %(start)s") % {"start": fmt(value["starts"], None, lookup)}
    if value.get("basis"):
        text += _(" (basis: %(basis)s)") % {"basis": value["basis"]}
    return text


def _case_fields(value: Any, lookup: Lookup) -> str:
    if not isinstance(value, list):
        return fmt(value, None, lookup)
    return "、".join(str(choices.CASE_FIELDS.get(v, _("other field"))) for v in value) or "—"


def _items(value: Any, lookup: Lookup) -> str:
    """Checklist items, outputs and error codes: their code/label and text, kinds as labels."""
    if not isinstance(value, list):
        return fmt(value, None, lookup)
    shown = []
    for item in value:
        if not isinstance(item, dict):
            shown.append(fmt(item, None, lookup))
            continue
        words = [
            str(item[k])
            for k in ("code", "label", "text", "name_zh", "title")
            if item.get(k) and k in item
        ]
        kinds = [fmt(item[k], None, lookup) for k in ("kind", "type", "severity") if item.get(k)]
        shown.append(" ".join(words) + (f"（{'，'.join(kinds)}）" if kinds else ""))
    return "、".join(shown) or "—"


register(
    "nodes.nodespec",
    labels={
        "time_limit": gettext_lazy("time limit"),
        "inputs": gettext_lazy("information needed"),
        "outputs": gettext_lazy("outputs"),
        "errors": gettext_lazy("error codes"),
        "review": gettext_lazy("review"),
    },
    values={
        "time_limit": _time_limit,
        "visibility": _case_fields,
        "inputs": _case_fields,
        "checklist": _items,
        "outputs": _items,
        "errors": _items,
    },
    related=("version__standard",),
)
register(
    "nodes.standardversion",
    describe=lambda v: (
        _("%(code)s %(title)s, version %(v)s")
        % {"code": v.standard.code, "title": v.title, "v": v.version}
    ),
    labels={"supersedes": gettext_lazy("replaces version")},
    related=("standard",),
)
register(
    "nodes.templateversion",
    describe=lambda v: _("%(name)s, version %(v)s") % {"name": v.name, "v": v.version},
)
register("nodes.template", describe=lambda t: t.get_procedure_display())
