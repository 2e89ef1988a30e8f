"""What every part of the library validator shares: vocabularies, name patterns, the problem record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from courtops.core.clock import TimeUnit
from nodes.choices import (
    ChecklistKind,
    OutputType,
    PayUnit,
    Performer,
    Procedure,
    ReviewMode,
    Severity,
    StartEvent,
)

CODE_RE = re.compile(r"^S\d\d$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
STEP_RE = re.compile(r"^[A-Za-z0-9_-]+$")
CHOICE_TYPES = (OutputType.CHOICE, OutputType.MULTI_CHOICE)
# Enum .values builds a list on every call; the validator asks ~10,000 times.
_V = {
    c.__name__: tuple(c.values)
    for c in (
        OutputType,
        Performer,
        ReviewMode,
        PayUnit,
        TimeUnit,
        StartEvent,
        ChecklistKind,
        Severity,
        Procedure,
    )
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the library: the file, where in it, and what."""

    file: str
    location: str
    message: str
    # "error": the library cannot be loaded; "warning": it loads, but `catalog validate` fails
    level: str = "error"
    # the document key at fault ("performer", "time_unit" …): the Excel import names its
    # column from it
    key: str = ""

    def __str__(self) -> str:
        if self.level != "error":
            return f"{self._text()} [{self.level}]"
        return self._text()

    def _text(self) -> str:
        return (
            f"{self.file}: {self.location}: {self.message}"
            if self.location
            else (f"{self.file}: {self.message}")
        )


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(
        self, file: str, location: str, message: str, level: str = "error", *, key: str = ""
    ) -> None:
        self.problems.append(Problem(file, location, str(message), level, key))


# What each document key is called for the people who edit standards (the Excel columns).
KEY_LABELS = {
    "code": _l("code"),
    "name": _l("name"),
    "name_en": _l("English name"),
    "performer": _l("performer"),
    "instruction": _l("instruction"),
    "inputs": _l("inputs"),
    "outputs": _l("output fields"),
    "checklist": _l("checklist"),
    "errors": _l("error codes"),
    "review": _l("review mode"),
    "sample_rate": _l("sample rate"),
    "visibility": _l("visible fields"),
    "pay_unit": _l("pay unit"),
    "non_case": _l("non-case service"),
    "time_limit": _l("time limit"),
    "number": _l("document number"),
    "board": _l("board"),
    "title": _l("title"),
    "version": _l("version"),
    "scope": _l("scope"),
    "nodes": _l("nodes"),
    "min": _l("minimum"),
    "max": _l("maximum"),
    "max_length": _l("maximum length"),
}


def _label(key: str) -> str:
    return str(KEY_LABELS.get(key, key))


def _choices(values) -> str:
    return "（" + "、".join(str(v) for v in values) + "）"


def _unknown(p: _Collector, file: str, loc: str, d: dict, allowed) -> None:
    extra = sorted(set(d) - set(allowed))
    if extra:
        p.add(file, loc, _("unknown key(s) %(keys)s") % {"keys": extra})
