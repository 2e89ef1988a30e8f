"""The second factor (TOTP): enrolment and verification, audited.

A person who must use a second factor and has no confirmed device gets one pending device
(``totp_enrol``, shown as a QR code); the first correct code confirms it (``totp_verify``).
Afterwards ``totp_verify`` checks the codes of the confirmed device. Enrolment, confirmation and
every wrong code are audit events, written in the transaction of the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from courtops.core.actors import require_actor
from courtops.core.choices import AuditAction
from courtops.core.exceptions import PermissionRefused
from courtops.core.models import Person
from courtops.core.services.audit import audit_record


@dataclass(frozen=True)
class Enrolment:
    """The device whose code the person must type; ``setup`` while it is not confirmed yet."""

    device: TOTPDevice
    setup: bool


def _require_person(actor: Person) -> Person:
    require_actor(actor)
    if not isinstance(actor, Person) or not actor.is_active:
        raise PermissionRefused(_("Only an active person has a second factor."))
    return actor


def totp_enrol(*, actor: Person) -> Enrolment:
    """The person's confirmed device, or their pending one — created (and audited) the first
    time. The person's row is locked, so two pages opened at once create one device."""
    person = _require_person(actor)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        confirmed = TOTPDevice.objects.filter(user=person, confirmed=True).first()
        if confirmed is not None:
            return Enrolment(device=confirmed, setup=False)
        pending = TOTPDevice.objects.filter(user=person, confirmed=False).first()
        if pending is None:
            pending = TOTPDevice.objects.create(user=person, name="default", confirmed=False)
            audit_record(
                actor=person,
                action=AuditAction.CREATE,
                obj=pending,
                court_id=person.court_id,
                object_repr=str(person),
                changes={"second_factor": [None, "pending"]},
                reason=_("Second-factor enrolment started"),
            )
        return Enrolment(device=pending, setup=True)


def totp_verify(*, actor: Person, token: str) -> TOTPDevice | None:
    """Check ``token`` against the person's device (confirmed, else pending). A correct code
    confirms a pending device (audited) and returns the device; a wrong one is audited and
    returns None. The device row is locked: a code is accepted once (django-otp remembers the
    last time step it accepted)."""
    person = _require_person(actor)
    token = (token or "").strip()
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user=person)
        device = devices.filter(confirmed=True).first() or devices.filter(confirmed=False).first()
        if device is None:
            raise PermissionRefused(_("Set up the second factor first."))
        if not device.verify_token(token):
            audit_record(
                actor=person,
                action=AuditAction.LOGIN_FAILED,
                obj=device,
                court_id=person.court_id,
                object_repr=str(person),
                changes={"second_factor": ["wrong code"]},
                reason=_("Wrong or reused second-factor code"),
            )
            return None
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit_record(
                actor=person,
                action=AuditAction.UPDATE,
                obj=device,
                court_id=person.court_id,
                object_repr=str(person),
                changes={"second_factor": ["pending", "confirmed"]},
                reason=_("Second factor confirmed"),
            )
        return device
