"""The one place that decides which rows a person may see.

Every court-owned model uses ``CourtScopedQuerySet`` (or a subclass) as its manager and every
view, viewset and selector reads through ``.for_user(user)`` — the ONE entry point per model —
so a forgotten filter cannot leak a row of another court, company or trial unit. A subclass
narrows further with ``for_court_staff`` (by role inside the court) or ``for_company`` (what a
company's contracts give it); it never widens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from courtops.core.permissions import is_platform_admin

if TYPE_CHECKING:
    from courtops.core.models.people import Person


class CourtScopedQuerySet(models.QuerySet):
    """Rows owned by a court. ``court_field`` names the path to the owning court."""

    court_field = "court"

    def for_court(self, court_id: int) -> CourtScopedQuerySet:
        return self.filter(**{f"{self.court_field}_id": court_id})

    def for_user(self, user: Person | None) -> CourtScopedQuerySet:
        """What ``user`` may see: own court for court staff; for company users, only what
        ``for_company`` grants (nothing unless a model says otherwise)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()  # platform administrator of the installation
        if user.court_id is not None:
            return self.for_court(user.court_id).for_court_staff(user)
        if user.company_id is not None:
            return self.for_company(user)
        return self.none()

    def for_court_staff(self, user: Person) -> CourtScopedQuerySet:
        """The narrowing inside the court by role (the court filter is already applied). Every
        court role sees the whole court unless a model says otherwise: the case register narrows
        judges and assistants to their unit (``case_scoping``)."""
        return self

    def for_company(self, user: Person) -> CourtScopedQuerySet:
        """Rows a company user may see. Models whose rows a company works on override this."""
        return self.none()
