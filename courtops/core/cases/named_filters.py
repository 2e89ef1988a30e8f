"""Named case filters: one definition per number a person is shown, used both to count and to
open the list.

Each ``NamedFilter`` is a set of case-list query parameters. Its count is
``selectors.case_list(user, filters=params).count()`` and its link is the case list with exactly
those parameters, which the list page passes to the same ``case_list``; so a number on the home
page always equals the length of the list it opens. A new number is a new entry here, never a
hand-written count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from courtops.core.cases import selectors
from courtops.core.choices import Role

OFFICE_AND_LEADERSHIP = frozenset({Role.OFFICE, Role.LEADERSHIP})
UNIT_ROLES = frozenset({Role.JUDGE, Role.ASSISTANT})


@dataclass(frozen=True)
class NamedFilter:
    """A number on the home page and the case list it opens."""

    key: str
    label: str | Promise
    params: Mapping[str, str]
    roles: frozenset[str]

    def url(self) -> str:
        return f"{reverse('cases:list')}?{urlencode(dict(self.params))}"

    def count(self, user) -> int:
        return selectors.case_list(user, filters=dict(self.params)).count()


NAMED_FILTERS: dict[str, NamedFilter] = {}


def register(named: NamedFilter) -> NamedFilter:
    if named.key in NAMED_FILTERS:
        raise ValueError(f"named case filter {named.key!r} registered twice")
    unknown = set(named.params) - set(selectors.CASE_FILTERS)
    if unknown:
        raise ValueError(f"named case filter {named.key!r} uses unknown parameters {unknown}")
    NAMED_FILTERS[named.key] = named
    return named


def for_user(user) -> list[NamedFilter]:
    """The named filters shown to ``user``, in registration order."""
    return [f for f in NAMED_FILTERS.values() if user.role in f.roles]


for _named in (
    # The office and leadership: the whole court.
    NamedFilter("pending", _("Not yet allocated"), {"pending": "1"}, frozenset({Role.OFFICE})),
    NamedFilter("open", _("Open cases"), {"open": "1"}, OFFICE_AND_LEADERSHIP),
    NamedFilter(
        "expiring_15",
        _("Time limit ends within 15 days"),
        {"expiring": "15"},
        OFFICE_AND_LEADERSHIP,
    ),
    NamedFilter("overdue", _("Past the time limit"), {"overdue": "1"}, OFFICE_AND_LEADERSHIP),
    # A judge or assistant: his own cases first, his unit a click away.
    NamedFilter("my_open", _("My open cases"), {"scope": "mine", "open": "1"}, UNIT_ROLES),
    NamedFilter(
        "my_expiring_15",
        _("My cases whose time limit ends within 15 days"),
        {"scope": "mine", "expiring": "15"},
        UNIT_ROLES,
    ),
    NamedFilter(
        "my_overdue",
        _("My cases past the time limit"),
        {"scope": "mine", "overdue": "1"},
        UNIT_ROLES,
    ),
    NamedFilter(
        "unit_open", _("Open cases of my unit"), {"scope": "unit", "open": "1"}, UNIT_ROLES
    ),
    NamedFilter(
        "unit_overdue",
        _("Cases of my unit past the time limit"),
        {"scope": "unit", "overdue": "1"},
        UNIT_ROLES,
    ),
):
    register(_named)
