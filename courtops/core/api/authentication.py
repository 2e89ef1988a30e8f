from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ServiceTokenAuthentication(TokenAuthentication):
    """Token auth for service accounts only (e.g. the court's case system pushing cases).
    People log in with a session and, where required, a second factor."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.is_service_account:
            raise exceptions.AuthenticationFailed(_("API tokens are for service accounts only."))
        return user, token
