"""Login, logout and failed logins are audit events."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from courtops.core.actors import SYSTEM
from courtops.core.choices import AuditAction
from courtops.core.client_ip import client_ip as _ip


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    from courtops.core.services.audit import audit_record

    if request is not None and hasattr(request, "session"):
        import time

        request.session["login_at"] = time.time()
    audit_record(
        actor=user,
        action=AuditAction.LOGIN,
        obj=user,
        court_id=user.court_id,
        ip_address=_ip(request),
    )


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    from courtops.core.services.audit import audit_record

    if user is not None:
        audit_record(
            actor=user,
            action=AuditAction.LOGOUT,
            obj=user,
            court_id=user.court_id,
            ip_address=_ip(request),
        )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    from courtops.core.models import Person
    from courtops.core.services.audit import audit_record

    username = str(credentials.get("username", "")).replace("\x00", "")[:64]
    # The account tried, if it exists: its court (or company) owns the event, so that court's
    # office and auditors — or the offices of the courts the company serves — see it.
    person = Person.objects.filter(username=username).only("pk", "court", "company").first()
    audit_record(
        actor=SYSTEM,
        action=AuditAction.LOGIN_FAILED,
        object_type="core.person",
        object_id=username,
        object_repr=username,
        court_id=person.court_id if person else None,
        company_id=person.company_id if person else None,
        ip_address=_ip(request),
    )
