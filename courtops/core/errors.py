"""The app's own error pages, in the reader's language: every status a person can meet — 400,
403, 404, 413, 414, 500 — renders ``templates/errors/error.html`` (a standalone page that needs
no database, so it still renders when the database is the problem); under ``/api/`` the answer
is JSON. Django's handlers point here (``courtops/urls.py``); ``RequestLimitsMiddleware`` answers
too-long URLs (414) and too-large bodies (413) before any view runs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

TITLES = {
    400: lambda: _("The request could not be understood"),
    403: lambda: _("You may not open this page"),
    404: lambda: _("Page not found"),
    413: lambda: _("The upload is too large"),
    414: lambda: _("The address is too long"),
    500: lambda: _("Something went wrong on our side"),
}
HINTS = {
    400: lambda: _("Check what you entered and try again."),
    403: lambda: _(
        "Your role does not allow this. Ask the case-management office if you need access."
    ),
    404: lambda: _("The address may be mistyped, or the item was removed or is not yours to see."),
    413: lambda: (
        _("Files up to %(mb)s MB can be uploaded. Split the file and upload the parts.")
        % {"mb": settings.COURTOPS_MAX_UPLOAD_BYTES // (1024 * 1024)}
    ),
    414: lambda: _("Shorten the search (fewer or shorter terms) and try again."),
    500: lambda: _(
        "The error has been logged. Try again in a moment; if it keeps happening, tell the "
        "case-management office what you were doing."
    ),
}


def error_response(request: HttpRequest | None, status: int, message: str = "") -> HttpResponse:
    path = getattr(request, "path", "") or ""
    title, hint = TITLES[status](), HINTS[status]()
    if path.startswith("/api/"):
        return JsonResponse({"detail": message or title}, status=status)
    html = render_to_string(
        "errors/error.html",
        {"status": status, "title": title, "hint": hint, "message": message},
    )
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    detail = str(exception) if exception and str(exception) else ""
    return error_response(request, 403, detail)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request=None):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(
        request, 403, _("The form had expired. Go back, reload the page and submit it again.")
    )


class RequestLimitsMiddleware:
    """414 for a URL longer than ``COURTOPS_MAX_URL_LENGTH``, 413 for a body declared larger
    than ``COURTOPS_MAX_UPLOAD_BYTES`` — refused before the body is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.get_full_path()) > settings.COURTOPS_MAX_URL_LENGTH:
            return error_response(request, 414)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.COURTOPS_MAX_UPLOAD_BYTES + 1024 * 1024:  # room for form fields
            return error_response(request, 413)
        return self.get_response(request)
