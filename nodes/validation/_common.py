"""What every part of the library validator shares: vocabularies, name patterns, the problem record."""

from __future__ import annotations

import re
from dataclasses import dataclass

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

    def add(self, file: str, location: str, message: str, level: str = "error") -> None:
        self.problems.append(Problem(file, location, message, level))


def _unknown(p: _Collector, file: str, loc: str, d: dict, allowed) -> None:
    extra = sorted(set(d) - set(allowed))
    if extra:
        p.add(file, loc, f"unknown key(s) {extra}")
