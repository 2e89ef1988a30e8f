"""Enrolling and confirming the second factor (TOTP) go through services that write audit
events; a wrong code is recorded too; the system actor has no second factor."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from courtops.core.actors import SYSTEM
from courtops.core.choices import AuditAction
from courtops.core.exceptions import PermissionRefused
from courtops.core.models import AuditEvent
from courtops.core.services.second_factor import totp_enrol, totp_verify


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _events(person) -> list[tuple[str, dict]]:
    return list(
        AuditEvent.objects.filter(actor=person, object_type="otp_totp.totpdevice")
        .order_by("id")
        .values_list("action", "changes")
    )


def test_enrolment_creates_one_pending_device_and_records_it(judge_a):
    first = totp_enrol(actor=judge_a)
    again = totp_enrol(actor=judge_a)
    assert first.setup and again.setup and first.device.pk == again.device.pk
    assert TOTPDevice.objects.filter(user=judge_a).count() == 1
    assert _events(judge_a) == [(AuditAction.CREATE, {"second_factor": [None, "pending"]})]


def test_a_wrong_code_is_refused_and_recorded(judge_a):
    device = totp_enrol(actor=judge_a).device
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert totp_verify(actor=judge_a, token=wrong) is None
    device.refresh_from_db()
    assert not device.confirmed
    assert _events(judge_a)[-1] == (AuditAction.LOGIN_FAILED, {"second_factor": ["wrong code"]})


def test_the_first_right_code_confirms_the_device_once(judge_a):
    device = totp_enrol(actor=judge_a).device
    code = _code(device)
    assert totp_verify(actor=judge_a, token=code).pk == device.pk
    device.refresh_from_db()
    assert device.confirmed
    assert _events(judge_a)[-1] == (
        AuditAction.UPDATE,
        {"second_factor": ["pending", "confirmed"]},
    )
    assert totp_verify(actor=judge_a, token=code) is None  # the same code is not taken twice
    assert not totp_enrol(actor=judge_a).setup


def test_the_system_actor_has_no_second_factor():
    with pytest.raises(PermissionRefused):
        totp_enrol(actor=SYSTEM)  # type: ignore[arg-type]
