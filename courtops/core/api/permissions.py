from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from courtops.core.choices import Role


class IsActivePerson(BasePermission):
    """Logged in and active; leadership/auditors read only; second factor done where required."""

    message = _("Log in first.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        verified = getattr(user, "is_verified", lambda: False)()
        if user.needs_second_factor() and not user.is_service_account and not verified:
            self.message = _("A second factor (TOTP) is required for this account.")
            return False
        if user.role == Role.LEADERSHIP and request.method not in SAFE_METHODS:
            self.message = _("Leadership and auditor accounts are read-only.")
            return False
        return True


class IsOfficeOrReadOnly(IsActivePerson):
    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = _("Only the case-management office may change this.")
        return request.user.role == Role.OFFICE or (
            request.user.is_service_account and request.user.court_id is not None
        )
