"""Issue 10.9: behind a reverse proxy the client address comes from the trusted proxy header,
for the audit trail and for the lockout key alike, so one person's failures from one computer
do not lock the same username out for everyone behind the proxy."""

from __future__ import annotations

from django.test import Client, RequestFactory

from courtops.core.choices import AuditAction
from courtops.core.client_ip import client_ip
from courtops.core.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
PROXY = "172.16.0.1"


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.COURTOPS_TRUSTED_PROXIES = 0
    assert client_ip(_request("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


def test_with_one_trusted_proxy_the_last_hop_is_the_client(settings):
    settings.COURTOPS_TRUSTED_PROXIES = 1
    # The client wrote "6.6.6.6" itself; the proxy appended the address it saw.
    assert client_ip(_request(PROXY, "6.6.6.6, 10.0.0.5")) == "10.0.0.5"


def test_with_two_trusted_proxies_the_second_last_hop_is_the_client(settings):
    settings.COURTOPS_TRUSTED_PROXIES = 2
    assert client_ip(_request(PROXY, "6.6.6.6, 10.0.0.5, 172.16.0.2")) == "10.0.0.5"


def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings):
    settings.COURTOPS_TRUSTED_PROXIES = 1
    assert client_ip(_request(PROXY)) == PROXY
    assert client_ip(_request(PROXY, "not-an-address")) == PROXY


def test_the_header_name_is_a_setting(settings):
    settings.COURTOPS_TRUSTED_PROXIES = 1
    settings.COURTOPS_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="10.0.0.8")
    assert client_ip(request) == "10.0.0.8"


def _login(client, username, password, client_address):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_a_lockout_behind_the_proxy_locks_only_the_attackers_computer(office_a, settings):
    settings.COURTOPS_TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), "office_a", "wrong", "10.66.66.66")
    assert _login(Client(), "office_a", PASSWORD, "10.66.66.66").status_code == 429
    # The owner of the account, at her own computer behind the same proxy, still logs in.
    assert _login(Client(), "office_a", PASSWORD, "10.1.1.1").status_code == 302
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert set(failed.values_list("ip_address", flat=True)) == {"10.66.66.66"}
