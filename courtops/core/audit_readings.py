"""How the foundation's and the case register's audit events read (see audit_reading.py).
Imported once from CoreConfig.ready()."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courtops.core.audit_reading import Lookup, fmt, register, register_choices, register_common
from courtops.core.cases import choices as case_choices
from courtops.core.choices import DayKind, DepartmentKind, Role
from courtops.core.models import CaseCause, Party, Person, TrialUnit

register_choices(
    Role,
    DayKind,
    DepartmentKind,
    case_choices.Procedure,
    case_choices.CaseStatus,
    case_choices.ClosingManner,
    case_choices.ExtensionStatus,
    case_choices.PeriodUnit,
    case_choices.RuleSetStatus,
    case_choices.TieBreak,
    case_choices.Complexity,
    case_choices.RuleComplexity,
    case_choices.CaseSource,
    case_choices.UnitRole,
    case_choices.ExclusionKind,
    case_choices.AllocationKind,
    case_choices.PartyRole,
    case_choices.PartyKind,
)

_SECRET = {
    "***": gettext_lazy("(not recorded)"),
    "temporary": gettext_lazy("a temporary password"),
    "locked": gettext_lazy("locked"),
    "unlocked": gettext_lazy("unlocked"),
}
_FILTER_KEYS = {
    "q": gettext_lazy("search"),
    "date": gettext_lazy("date"),
    "format": gettext_lazy("format"),
    "page": gettext_lazy("page"),
}


def _word(value: Any, lookup: Lookup) -> str:
    return str(_SECRET.get(value, value)) if value is not None else "—"


def _filter(value: Any, lookup: Lookup) -> str:
    if not value:
        return str(_("none"))
    pairs = parse_qsl(str(value))
    return "；".join(f"{_FILTER_KEYS.get(k, k)}：{v}" for k, v in pairs if k != "format") or str(
        _("none")
    )


register_common(
    labels={
        "created": gettext_lazy("new"),
        "existing": gettext_lazy("already registered"),
        "file": gettext_lazy("file"),
        "bytes": gettext_lazy("size (bytes)"),
        "password": gettext_lazy("password"),
        "login_lockout": gettext_lazy("login lock"),
        "filter": gettext_lazy("filter"),
        "version": gettext_lazy("version"),
        "content_hash": gettext_lazy("content checksum"),
        "nodes": gettext_lazy("nodes"),
        "steps": gettext_lazy("steps"),
        "units": gettext_lazy("trial units"),
        "members": gettext_lazy("members"),
        "year": gettext_lazy("year"),
        "from": gettext_lazy("copied from version"),
        "rule_set_version": gettext_lazy("allocation rule set version"),
        "allocated": gettext_lazy("allocations"),
        "amount": gettext_lazy("extension"),
        "source": gettext_lazy("source"),
    },
    values={"password": _word, "login_lockout": _word, "filter": _filter},
)


def _party_fields(value: Any, lookup: Lookup) -> str:
    names = []
    for name in value or []:
        try:
            names.append(str(Party._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 — a field removed since: say so, not its name
            names.append(str(_("other detail")))
    return "、".join(names) or "—"


register(
    "core.party",
    describe=lambda p: (
        _("%(role)s %(name)s of %(case)s")
        % {"role": p.get_role_display(), "name": p.name, "case": p.case}
    ),
    labels={"fields": gettext_lazy("fields shown")},
    values={"fields": _party_fields},
    plain={"fields"},
    related=("case",),
)


def _allocated(value: Any, lookup: Lookup) -> str:
    if not isinstance(value, dict):
        return fmt(value, None, lookup)
    parts = []
    for number, pair in value.items():
        unit_id, judge_id = (pair + [None, None])[:2] if isinstance(pair, list) else (pair, None)
        unit = lookup.name(TrialUnit, unit_id) or "—"
        judge = lookup.name(Person, judge_id) or "—"
        parts.append(f"{number} → {unit} / {judge}")
    return "；".join(parts)


register("core.case", values={"allocated": _allocated}, plain={"allocated"})


def _cause_weights(value: Any, lookup: Lookup) -> str:
    if not isinstance(value, dict):
        return fmt(value, None, lookup)
    return "；".join(
        f"{lookup.name(CaseCause, k) or '—'}：{fmt(v, None, lookup)}" for k, v in value.items()
    )


register(
    "core.allocationruleset",
    describe=lambda r: _("version %(v)s") % {"v": r.version},
    values={"cause_weights": _cause_weights},
)
register(
    "core.allocationrule",
    describe=lambda r: (
        _("%(cause)s (%(complexity)s) in version %(v)s")
        % {
            "cause": r.cause or _("any cause"),
            "complexity": r.get_complexity_display(),
            "v": r.rule_set.version,
        }
    ),
    related=("cause", "rule_set"),
)


def _amount(value: Any, lookup: Lookup) -> str:
    if not isinstance(value, str) or " " not in value:
        return fmt(value, None, lookup)
    number, unit = value.split(" ", 1)
    return f"{number} {fmt(unit, None, lookup)}"


register("core.timelimitextension", values={"amount": _amount}, related=("case",))
for _type in ("core.timelimitexclusion", "core.procedurechange", "core.caseallocation"):
    register(_type, related=("case",))
register("core.trialunitmember", related=("unit", "person"))
