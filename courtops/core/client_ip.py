"""The client's address, the same for the audit trail and for django-axes' lockout key.

Behind a reverse proxy every request comes from the proxy, so REMOTE_ADDR would make all
clients one (and a lockout keyed on it would lock everyone out with one username). With
COURTOPS_TRUSTED_PROXIES = N, the address is read from the header the proxies append to
(COURTOPS_CLIENT_IP_HEADER, X-Forwarded-For by default): the N-th entry from the right is the
one our outermost trusted proxy saw; anything left of it was written by the client and is not
trusted. A missing or malformed header falls back to REMOTE_ADDR.
"""

from __future__ import annotations

import contextvars
import ipaddress

from django.conf import settings
from django.http import HttpRequest

_current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "courtops_client_ip", default=None
)


def _valid(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person's computer, as far as the trusted proxies tell it."""
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    trusted = settings.COURTOPS_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    header = request.META.get(settings.COURTOPS_CLIENT_IP_HEADER, "")
    hops = [h for h in (part.strip() for part in header.split(",")) if h]
    if len(hops) < trusted:
        return remote
    return _valid(hops[-trusted]) or remote


def current_client_ip() -> str | None:
    """The client address of the request being handled in this thread, if any."""
    return _current_ip.get()


class ClientIPMiddleware:
    """Remembers the request's client address for the audit events its services write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current_ip.reset(token)
