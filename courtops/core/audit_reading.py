"""How audit events read: each event as one sentence in the reader's language, with names and
labels instead of ids, field names, enum values and dicts. The stored event (its raw
before/after) is untouched; the Excel export carries both.

A registry says how each object type reads. Generic rules cover most events — a change key
that is a model field takes the field's verbose name, a choice value its label, a foreign key
the related object's name, a list of ids the names joined — and an app registers only what
these cannot know::

    from courtops.core.audit_reading import register

    register(
        "nodes.standardversion",
        describe=lambda v: f"{v.standard} {v.version}",          # the object in a sentence
        labels={"nodes": _("nodes")},                             # keys that are not fields
        values={"status": lambda value, ctx: ...},                # one key's own formatting
        plain={"fields"},                                         # 2-item lists that are no pair
    )

Rendering a page is three passes (collect the ids to look up, fetch them with one query per
model, write the sentences), so a page of 50 events — or an export of 50,000 — costs a handful
of queries, not one per event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courtops.core.choices import AuditAction, Role

Formatter = Callable[[Any, "Lookup"], str]
DEFAULT_REPR = re.compile(r"^\w+ object \(\d+\)$")
DASH = "—"


@dataclass
class Reading:
    """How one object type reads (see the module docstring)."""

    describe: Callable[[models.Model], str] | None = None
    labels: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Formatter] = field(default_factory=dict)
    plain: set[str] = field(default_factory=set)
    related: tuple[str, ...] = ()  # select_related when the described objects are fetched


_registry: dict[str, Reading] = {}
_common_labels: dict[str, Any] = {}
_common_values: dict[str, Formatter] = {}
_common_plain: set[str] = set()
_choice_labels: dict[str, Any] = {}


def register(
    object_type: str,
    *,
    describe: Callable[[Any], str] | None = None,
    labels: dict[str, Any] | None = None,
    values: dict[str, Formatter] | None = None,
    plain: Iterable[str] = (),
    related: Iterable[str] = (),
) -> None:
    """Say how events on ``object_type`` ("app_label.modelname") read; later calls add to
    earlier ones."""
    reading = _registry.setdefault(object_type, Reading())
    if describe is not None:
        reading.describe = describe
    reading.labels.update(labels or {})
    reading.values.update(values or {})
    reading.plain.update(plain)
    reading.related = tuple(dict.fromkeys((*reading.related, *related)))


def register_common(
    *,
    labels: dict[str, Any] | None = None,
    values: dict[str, Formatter] | None = None,
    plain: Iterable[str] = (),
) -> None:
    """Change keys used by many object types (``created``, ``file``, ``password`` …)."""
    _common_labels.update(labels or {})
    _common_values.update(values or {})
    _common_plain.update(plain)


def register_choices(*choice_classes: type[models.Choices]) -> None:
    """Choice values that may appear inside dicts or free keys (procedure keys of weights…):
    shown by their labels wherever no field says otherwise."""
    for cls in choice_classes:
        for value, label in cls.choices:
            _choice_labels.setdefault(str(value), label)


# --- looking things up in bulk --------------------------------------------------------------
class Lookup:
    """``name(model, value, by="pk")`` → the object's name. In the collecting pass it only
    notes what is wanted and answers None; ``fetch()`` then loads all of it."""

    def __init__(self) -> None:
        self.wanted: dict[tuple[type[models.Model], str], set[Any]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], str], dict[str, models.Model]] = {}
        self.collecting = True

    def obj(self, model: type[models.Model], value: Any, by: str = "pk") -> models.Model | None:
        if value in (None, ""):
            return None
        key = (model, by)
        if self.collecting:
            self.wanted[key].add(value)
            return None
        return self.found.get(key, {}).get(str(value))

    def name(self, model: type[models.Model], value: Any, by: str = "pk") -> str | None:
        obj = self.obj(model, value, by)
        if obj is None:
            return None
        return describe(obj)

    def fetch(self) -> None:
        for (model, by), values in self.wanted.items():
            if by != "pk" and not _has_field(model, by):
                continue
            qs = model._default_manager.all()
            reading = _registry.get(model._meta.label_lower)
            if reading and reading.related:
                qs = qs.select_related(*reading.related)
            clean = _coerce(model, by, values)
            found: dict[str, models.Model] = {}
            for start in range(0, len(clean), 1000):
                for obj in qs.filter(**{f"{by}__in": clean[start : start + 1000]}):
                    found[str(getattr(obj, by))] = obj
            self.found[(model, by)] = found
        self.collecting = False


def _coerce(model: type[models.Model], by: str, values: set[Any]) -> list[Any]:
    target = model._meta.pk if by == "pk" else model._meta.get_field(by)
    clean = []
    for value in values:
        # A value of the wrong type (an id that is no number) matches nothing.
        with contextlib.suppress(ValidationError, TypeError, ValueError):
            clean.append(target.to_python(value))  # type: ignore[union-attr]
    return clean


def describe(obj: models.Model) -> str:
    """An object's name in a sentence: the registered describer, else its own text unless it
    is Django's "X object (4)"."""
    return _describe(obj)[0]


def _describe(obj: models.Model) -> tuple[str, bool]:
    """The name, and whether it already says what kind of object it is."""
    reading = _registry.get(obj._meta.label_lower)
    if reading and reading.describe:
        return reading.describe(obj), False
    text = str(obj)
    if DEFAULT_REPR.match(text):
        case = getattr(obj, "case", None) if _has_field(type(obj), "case") else None
        if case is not None:
            return _("%(type)s of %(case)s") % {"type": obj._meta.verbose_name, "case": case}, True
        return str(obj._meta.verbose_name), True
    return text, False


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001
        return False
    return True


# --- values ---------------------------------------------------------------------------------
def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for f in model._meta.get_fields():
        if f.name == key or getattr(f, "attname", None) == key:
            return f if isinstance(f, models.Field) else None
    return None


def _label(key: str, model: type[models.Model] | None, reading: Reading | None) -> str:
    if reading and key in reading.labels:
        return str(reading.labels[key])
    f = _field(model, key)
    if f is not None and getattr(f, "verbose_name", None):
        auto = str(f.verbose_name) == f.name.replace("_", " ")  # Django's default: untranslated
        if not auto:
            return str(f.verbose_name)
        if f.is_relation and f.related_model is not None:
            return str(f.related_model._meta.verbose_name)
    if key in _common_labels:
        return str(_common_labels[key])
    return str(_("other detail"))


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def fmt(value: Any, f: models.Field | None, lookup: Lookup) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple | dict) and not value:
        return DASH
    if isinstance(value, list | tuple):
        return "、".join(fmt(v, f, lookup) for v in value)
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            shown = fmt(v, None, lookup)
            key_label = _choice_labels.get(str(k)) or _common_labels.get(str(k))
            # A key nobody named is an internal word: show the value alone.
            parts.append(f"{key_label}：{shown}" if key_label else shown)
        return "；".join(parts)
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f is not None and f.is_relation and f.related_model is not None:
        name = lookup.name(f.related_model, value)
        return name if name is not None else (_("(deleted)") if not lookup.collecting else "")
    if isinstance(value, str):
        if ISO_DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{moment:%Y-%m-%d %H:%M}"
        if value in _choice_labels:
            return str(_choice_labels[value])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _details(event, model, reading: Reading | None, lookup: Lookup) -> list[str]:
    changes = event.changes if isinstance(event.changes, dict) else {"": event.changes}
    lines = []
    for key, value in changes.items():
        f = _field(model, key)
        if f is not None and f.primary_key:
            continue  # a database id says nothing to a reader
        if (
            event.action == AuditAction.CREATE
            and isinstance(value, list | tuple)
            and len(value) == 2
            and value[1] in (None, "", [])
        ):
            continue  # an empty field of a new record
        label = _label(key, model, reading)
        custom = reading.values.get(key) if reading else None
        if custom is None:
            custom = _common_values.get(key)

        def side(v: Any, custom=custom, f=f) -> str:
            return custom(v, lookup) if custom is not None else fmt(v, f, lookup)

        is_pair = (
            isinstance(value, list | tuple)
            and len(value) == 2
            and not (reading and key in reading.plain)
            and key not in _common_plain
        )
        if not is_pair:
            lines.append(f"{label}：{side(value)}")
            continue
        before, after = value
        if before in (None, "", []) and event.action != AuditAction.UPDATE:
            lines.append(f"{label}：{side(after)}")
        elif after in (None, "", []) and event.action == AuditAction.DELETE:
            lines.append(f"{label}：{side(before)}")
        else:
            lines.append(
                _("%(field)s from %(before)s to %(after)s")
                % {"field": label, "before": side(before), "after": side(after)}
            )
    return lines


# --- sentences ------------------------------------------------------------------------------
SENTENCES = {
    AuditAction.CREATE: gettext_lazy("%(actor)s created %(object)s"),
    AuditAction.UPDATE: gettext_lazy("%(actor)s changed %(object)s"),
    AuditAction.DELETE: gettext_lazy("%(actor)s deleted %(object)s"),
    AuditAction.TRANSITION: gettext_lazy("%(actor)s moved %(object)s on"),
    AuditAction.VIEW_PERSONAL_DATA: gettext_lazy(
        "%(actor)s viewed unmasked personal data of %(object)s"
    ),
    AuditAction.LOGIN: gettext_lazy("%(actor)s logged in"),
    AuditAction.LOGOUT: gettext_lazy("%(actor)s logged out"),
    AuditAction.LOGIN_FAILED: gettext_lazy("Failed login to account %(object)s"),
    AuditAction.IMPORT: gettext_lazy("%(actor)s imported %(object)s"),
    AuditAction.EXPORT: gettext_lazy("%(actor)s exported %(object)s"),
}


@dataclass
class ReadEvent:
    """An event as the audit page and export show it."""

    event: Any
    actor: str
    action: str
    subject: str
    sentence: str
    details: list[str]

    @property
    def text(self) -> str:
        return self.sentence + ("：" + "；".join(self.details) if self.details else "")


def _actor(event) -> str:
    if not event.actor_id and event.actor_name in ("", "system"):
        return str(_("The system"))
    role = dict(Role.choices).get(event.actor_role)
    return f"{event.actor_name}（{role}）" if role else event.actor_name


def _subject(event, model, reading: Reading | None, lookup: Lookup) -> str:
    """The object in the sentence: its type and its name (looked up live, else as stored)."""
    type_name = str(model._meta.verbose_name) if model is not None else ""
    if (
        event.action == AuditAction.LOGIN_FAILED
        and model is not None
        and _has_field(model, "username")
    ):
        person = lookup.obj(model, event.object_id, by="username")
        return str(person) if person is not None else event.object_repr
    name, typed = "", False
    if model is not None and event.object_id:
        obj = lookup.obj(model, event.object_id)
        if obj is not None:
            name, typed = _describe(obj)
    if not name and event.object_repr and not DEFAULT_REPR.match(event.object_repr):
        name = event.object_repr
    if type_name and name and not typed:
        return f"{type_name}“{name}”"
    return name or type_name or str(_("a record"))


def read_events(events: Iterable[Any]) -> list[ReadEvent]:
    """Every event as a sentence with details, with one query per model looked up."""
    events = list(events)
    lookup = Lookup()
    for _pass in (1, 2):
        rows = []
        for event in events:
            model = _model_for(event.object_type)
            reading = _registry.get(event.object_type)
            subject = _subject(event, model, reading, lookup)
            details = _details(event, model, reading, lookup)
            if event.action in (AuditAction.LOGIN, AuditAction.LOGOUT):
                details = []
            template = SENTENCES.get(event.action, gettext_lazy("%(actor)s: %(object)s"))
            sentence = str(template) % {"actor": _actor(event), "object": subject}
            rows.append(
                ReadEvent(
                    event=event,
                    actor=_actor(event),
                    action=str(dict(AuditAction.choices).get(event.action, _("other action"))),
                    subject=subject,
                    sentence=sentence,
                    details=details,
                )
            )
        if lookup.collecting:
            lookup.fetch()
    return rows
