"""Request types for the type checker, and the court a court account writes for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from courtops.core.exceptions import PermissionRefused
from courtops.core.models import Court, Person


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind ``@login_required``: its user is a ``Person``, never the
    anonymous user. Only an annotation — Django still passes a plain ``HttpRequest``."""

    user: Person
    htmx: Any  # django-htmx's request details (HtmxMiddleware)


def own_court(user: Person) -> Court:
    """The court of a court account; a page that writes for "my court" refuses an account of
    no court (a platform administrator or a vendor) with a message instead of a crash."""
    if user.court is None:
        raise PermissionRefused(_("This page works for an account of a court."))
    return user.court
