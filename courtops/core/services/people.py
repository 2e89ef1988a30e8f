"""Writes on courts, departments, companies and people. Each runs in one transaction and
writes its audit event in that same transaction."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courtops.core.actors import Actor
from courtops.core.choices import AuditAction, CourtLevel, Role
from courtops.core.exceptions import PermissionRefused, ValidationFailed
from courtops.core.models import Company, Court, Department, Person
from courtops.core.permissions import (
    can_create_company_staff,
    can_manage_organisations,
    can_manage_people,
    is_office_of,
    require,
    require_office,
)
from courtops.core.services.audit import audit_record, diff, snapshot


def _full_clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        errors = [f"{field}: {'; '.join(msgs)}" for field, msgs in exc.message_dict.items()]
        first_field = next(iter(exc.message_dict), None)
        raise ValidationFailed("; ".join(errors), field=first_field, errors=errors) from exc


def court_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    province: str,
    short_name: str = "",
    level: str = CourtLevel.BASIC,
) -> Court:
    """A new court; ``level`` (basic, intermediate, high, supreme) decides which workflow
    templates it is offered."""
    require(
        can_manage_organisations(actor),
        _("Only the case-management office of this court may do this."),
    )
    with transaction.atomic():
        court = Court(code=code, name=name, province=province, short_name=short_name, level=level)
        _full_clean(court)
        court.save()
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=court, changes=diff({}, snapshot(court))
        )
    return court


def department_create(*, actor: Actor, court: Court, name: str, kind: str) -> Department:
    require_office(actor, court.pk)
    with transaction.atomic():
        dept = Department(court=court, name=name, kind=kind)
        _full_clean(dept)
        dept.save()
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=dept, changes=diff({}, snapshot(dept))
        )
    return dept


def company_create(
    *, actor, name: str, credit_code: str, courts: list[Court], is_postal: bool = False, **extra
) -> Company:
    require(
        can_manage_organisations(actor),
        _("Only the case-management office of this court may do this."),
    )
    with transaction.atomic():
        company = Company(name=name, credit_code=credit_code, is_postal=is_postal, **extra)
        _full_clean(company)
        company.save()
        company.courts.set(courts)
        for court in courts:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=company,
                court_id=court.pk,
                changes={**diff({}, snapshot(company)), "courts": [None, [c.pk for c in courts]]},
            )
    return company


def person_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    role: str,
    password: str,
    court: Court | None = None,
    company: Company | None = None,
    department: Department | None = None,
    phone: str = "",
    must_change_password: bool = True,
    otp_required: bool = False,
    is_service_account: bool = False,
    check_password: bool = True,
) -> Person:
    """Create a person. Court roles need a court, vendor roles a company (and no court)."""
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role %(role)s.") % {"role": role}, field="role")
    if role in Role.company_roles():
        if company is None or court is not None:
            raise ValidationFailed(
                _("A vendor role belongs to a company, not a court."), field="company"
            )
        if not can_create_company_staff(actor, company):
            if is_office_of(actor, None):
                raise PermissionRefused(_("This company does not serve your court."))
            require_office(actor, None)
    else:
        if court is None or company is not None:
            raise ValidationFailed(
                _("A court role belongs to a court, not a company."), field="court"
            )
        require_office(actor, court.pk)
    if department is not None and department.court_id != getattr(court, "pk", None):
        raise ValidationFailed(_("The department belongs to another court."), field="department")
    with transaction.atomic():
        person = Person(
            username=username,
            full_name=full_name,
            role=role,
            court=court,
            company=company,
            department=department,
            phone=phone,
            must_change_password=must_change_password,
            otp_required=otp_required,
            is_service_account=is_service_account,
        )
        if check_password:
            try:
                validate_password(password, person)
            except ValidationError as exc:
                raise ValidationFailed(" ".join(exc.messages), field="password") from exc
        person.set_password(password)
        _full_clean(person)
        person.save()
        after = snapshot(
            person, ["username", "full_name", "role", "court_id", "company_id", "department_id"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=person,
            court_id=court.pk if court else None,
            changes=diff({}, after),
        )
    return person


def person_set_active(*, actor: Actor, person: Person, active: bool, reason: str) -> Person:
    if not reason:
        raise ValidationFailed(_("A reason is required."), field="reason")
    _may_manage(actor, person)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.is_active == active:
            return person
        person.is_active = active
        person.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            court_id=actor.court_id or person.court_id,
            changes={"is_active": [not active, active]},
            reason=reason,
        )
    return person


def person_change_password(*, person: Person, old_password: str, new_password: str) -> Person:
    if not person.check_password(old_password):
        raise ValidationFailed(_("The current password is wrong."), field="old_password")
    if old_password == new_password:
        raise ValidationFailed(
            _("The new password must differ from the current one."), field="new_password1"
        )
    try:
        validate_password(new_password, person)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="new_password1") from exc
    with transaction.atomic():
        person.set_password(new_password)
        person.must_change_password = False
        person.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit_record(
            actor=person,
            action=AuditAction.UPDATE,
            obj=person,
            court_id=person.court_id,
            changes={"password": ["***", "***"]},
            reason=_("Password changed by its owner"),
        )
    return person


def temporary_password() -> str:
    """A random password that passes the password rules, to be changed at first login."""
    import secrets

    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
    return (
        "".join(secrets.choice(alphabet) for _i in range(12)) + "-" + secrets.choice("!#%+") + "7"
    )


def _may_manage(actor: Actor, person: Person) -> None:
    require(can_manage_people(actor, person), _("You may not manage this person."))


def person_reset_password(*, actor: Actor, person: Person, reason: str) -> str:
    """Issue a random temporary password that must be changed at the next login; returns it
    once (it is not stored in clear anywhere)."""
    if not reason:
        raise ValidationFailed(_("A reason is required."), field="reason")
    _may_manage(actor, person)
    temporary = temporary_password()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        person.set_password(temporary)
        person.must_change_password = True
        person.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            court_id=actor.court_id or person.court_id,
            changes={"password": ["***", "temporary"], "must_change_password": [False, True]},
            reason=reason,
        )
    return temporary


def person_unlock(*, actor: Actor, person: Person, reason: str) -> int:
    """Lift a login lockout (django-axes) for this username; returns the attempts cleared."""
    from axes.utils import reset

    if not reason:
        raise ValidationFailed(_("A reason is required."), field="reason")
    _may_manage(actor, person)
    with transaction.atomic():
        cleared = reset(username=person.username)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            court_id=actor.court_id or person.court_id,
            changes={"login_lockout": ["locked", "unlocked"]},
            reason=reason,
        )
    return cleared


def person_set_otp_required(*, actor: Actor, person: Person, required: bool, reason: str) -> Person:
    if not reason:
        raise ValidationFailed(_("A reason is required."), field="reason")
    _may_manage(actor, person)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.otp_required == required:
            return person
        person.otp_required = required
        person.save(update_fields=["otp_required"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            court_id=actor.court_id or person.court_id,
            changes={"otp_required": [not required, required]},
            reason=reason,
        )
    return person
