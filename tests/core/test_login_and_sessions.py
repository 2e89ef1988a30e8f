"""Login as a court intranet needs: lockout, timeouts, logout, second factor, password rules."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from courtops.core.actors import SYSTEM
from courtops.core.choices import AuditAction, Role
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import AuditEvent
from courtops.core.services.people import person_create
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


def test_a_correct_login_reaches_the_home_page_and_is_audited(office_a):
    client = Client()
    response = _login(client, "office_a", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(actor=office_a, action=AuditAction.LOGIN).exists()


def test_five_failures_lock_the_account_even_for_the_right_password(office_a, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "office_a", "wrong-password")
    response = _login(client, "office_a", PASSWORD)
    assert response.status_code in (403, 429)
    assert "锁定" in response.content.decode() or "locked" in response.content.decode().lower()
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_id="office_a").count()
        >= 5
    )


def test_a_lockout_of_one_person_does_not_lock_a_colleague(office_a, judge_a, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "office_a", "wrong-password")
    assert _login(Client(), "judge_a", PASSWORD).status_code == 302


def test_logout_ends_the_session_and_pages_are_not_cached(office_a):
    client = Client()
    _login(client, "office_a", PASSWORD)
    page = client.get("/")
    assert "no-store" in page["Cache-Control"]
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302  # back to login


def test_the_session_expires_after_its_absolute_lifetime(office_a, settings):
    client = Client()
    _login(client, "office_a", PASSWORD)
    session = client.session
    session["login_at"] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and LOGIN in response["Location"]


def test_the_idle_timeout_is_a_sliding_session_age(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_temporary_password_must_be_changed_first(court_a):
    person_create(
        actor=SYSTEM,
        username="newjudge",
        full_name="新法官",
        role=Role.JUDGE,
        password=PASSWORD,
        court=court_a,
        must_change_password=True,
    )
    client = Client()
    _login(client, "newjudge", PASSWORD)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith(reverse("password-change"))
    response = client.post(
        reverse("password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Hq7#vN2pL9!x",
            "new_password2": "Hq7#vN2pL9!x",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Short1!", "short"),
        ("alllowercaseletters", "classes"),
        ("Fayuan-2026-Secure", "court word"),
        ("东莞一院Abc123456", "court name"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(court_a, password, why):
    with pytest.raises(ValidationFailed) as exc:
        person_create(
            actor=SYSTEM,
            username="p",
            full_name="某人",
            role=Role.JUDGE,
            password=password,
            court=court_a,
        )
    assert exc.value.field == "password"


def test_a_person_who_must_use_a_second_factor_sets_it_up_and_then_verifies(court_a, settings):
    settings.OTP_REQUIRED_ROLES = [Role.OFFICE]
    settings.OTP_TOTP_THROTTLE_FACTOR = (
        0  # the wrong code below would otherwise throttle the next try
    )
    person_create(
        actor=SYSTEM,
        username="otpuser",
        full_name="双因素",
        role=Role.OFFICE,
        password=PASSWORD,
        court=court_a,
        must_change_password=False,
    )
    client = Client()
    _login(client, "otpuser", PASSWORD)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/otp/" in response["Location"]
    assert client.get("/api/core/me/").status_code == 403
    client.get("/accounts/otp/")  # creates the pending device and shows its QR code
    device = TOTPDevice.objects.get(user__username="otpuser")
    assert client.post("/accounts/otp/", {"token": "000000"}).status_code == 200  # wrong code
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post("/accounts/otp/", {"token": code, "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/api/core/me/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # The same code cannot be replayed in a new session.
    other = Client()
    _login(other, "otpuser", PASSWORD)
    assert other.post("/accounts/otp/", {"token": code, "next": "/"}).status_code == 200
    assert other.get("/").status_code == 302
