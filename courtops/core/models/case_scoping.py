"""Who sees which case, decided once, on the querysets: ``Case.objects.for_user(person)`` and
the same narrowing for every row that hangs off a case (parties, allocations, extensions,
excluded periods, procedure changes).

Scope inside a court (on top of ``CourtScopedQuerySet``'s court/company rule):

* office, leadership/auditors: every case of their court;
* a judge or judge assistant: the cases of the unit(s) they are an active member of, plus the
  cases they personally handle (judge or assistant on the case) — the unit is the
  "3 judges + N assistants" team that shares the work. Which of these a page *shows by default*
  (his own cases, the unit a click away) is a list filter, not scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from courtops.core.cases.choices import CaseStatus
from courtops.core.choices import Role
from courtops.core.models.scoping import CourtScopedQuerySet

if TYPE_CHECKING:
    from courtops.core.models.people import Person

# Court roles whose view of the register is narrowed to their unit.
UNIT_ROLES = (Role.JUDGE, Role.ASSISTANT)


class CaseQuerySet(CourtScopedQuerySet):
    def for_court_staff(self, user: Person) -> CaseQuerySet:
        if user.role not in UNIT_ROLES:
            return self
        # Imported here: the member model is defined in the module that imports this one.
        from courtops.core.models.cases import TrialUnitMember

        units = TrialUnitMember.objects.filter(person=user, is_active=True).values("unit_id")
        return self.filter(Q(trial_unit_id__in=units) | Q(judge=user) | Q(assistant=user))

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=CaseStatus.open_values())


class CaseChildQuerySet(CourtScopedQuerySet):
    """Rows of one case (``case`` foreign key): visible exactly when their case is."""

    def for_court_staff(self, user: Person) -> CaseChildQuerySet:
        if user.role not in UNIT_ROLES:
            return self
        from courtops.core.models.cases import Case

        return self.filter(case__in=Case.objects.for_user(user).values("pk"))
