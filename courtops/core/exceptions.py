"""Domain errors. Services raise these; the API handler and views turn them into 400/403/404/409
with the message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A request the rules refuse (HTTP 400). ``field`` names the input at fault, if any."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, errors: list | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.errors = errors or []


class ValidationFailed(DomainError):
    """Input that does not pass validation (400); ``errors`` lists every problem and
    ``field_errors`` (where a form shows them) each as ``(field, message)``."""

    def __init__(self, message: str, *, field: str | None = None, errors: list | None = None):
        super().__init__(message, field=field, errors=errors)
        self.field_errors: list[tuple[str, str]] = []


class PermissionRefused(DomainError):
    """The actor may not do this (403)."""

    status_code = 403


class NotFound(DomainError):
    """The object does not exist or is outside the actor's scope (404)."""

    status_code = 404


class Conflict(DomainError):
    """The state changed under the request, or a duplicate (409)."""

    status_code = 409


class CalendarNotPublished(DomainError):
    """The working-day calendar has no holiday schedule for a year (400)."""
