"""Session and login policies of a court intranet."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

EXEMPT_PREFIXES = ("/static/", "/i18n/", "/accounts/logout/", "/accounts/login/", "/favicon")


def _exempt(path: str) -> bool:
    return path.startswith(EXEMPT_PREFIXES)


class SessionLifetimeMiddleware:
    """Ends a session after its absolute lifetime, whatever the activity. The idle timeout is
    the sliding SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get("login_at")
            now = time.time()
            if started is None:
                request.session["login_at"] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended; please log in again."))
                return redirect(f"{reverse('login')}?next={request.path}")
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """People who must use a TOTP code cannot go anywhere but the second-factor pages until
    they have verified (or, the first time, set up) their device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not _exempt(request.path)
            and not request.path.startswith("/accounts/otp/")
            and user.needs_second_factor()
            and not getattr(user, "is_verified", lambda: False)()
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse(
                    {"detail": _("A second factor (TOTP) is required for this account.")},
                    status=403,
                )
            return redirect(f"{reverse('otp-verify')}?next={request.path}")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Initial passwords are temporary; expired passwords (if a maximum age is set) too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_service_account
            and not _exempt(request.path)
            and not request.path.startswith(("/accounts/password/", "/accounts/otp/", "/api/"))
        ):
            expired = False
            if settings.PASSWORD_MAX_AGE_DAYS and user.password_changed_at:
                age = timezone.now() - user.password_changed_at
                expired = age > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
            if user.must_change_password or expired:
                return redirect("password-change")
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages of a logged-in person are never cached, so Back after logout shows nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class DomainErrorMiddleware:
    """A refusal raised by a service inside a page becomes a page that says why (403/404/400/409)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from courtops.core.exceptions import DomainError

        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            return render(
                request, "error.html", {"message": exception.message}, status=exception.status_code
            )
        return None


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
