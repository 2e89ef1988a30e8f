"""Trial units (审判单元) and their members."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from courtops.core.actors import Actor
from courtops.core.cases.choices import (
    UnitRole,
)
from courtops.core.choices import AuditAction, Role
from courtops.core.exceptions import Conflict, NotFound, ValidationFailed
from courtops.core.models import (
    CaseCause,
    Court,
    Person,
    TrialUnit,
    TrialUnitMember,
)
from courtops.core.permissions import require_office
from courtops.core.services.audit import audit_record, snapshot


# --- trial units ----------------------------------------------------------------------------
def _check_cause_cap(unit_name: str, causes: list[CaseCause]) -> None:
    if len(causes) > TrialUnit.MAX_CAUSES:
        raise ValidationFailed(
            _("A trial unit handles at most %(max)s causes; %(unit)s would have %(n)s.")
            % {"max": TrialUnit.MAX_CAUSES, "unit": unit_name, "n": len(causes)},
            field="causes",
        )


def unit_create(
    *,
    actor: Actor,
    court: Court,
    number: int,
    name: str = "",
    causes: Iterable[CaseCause] = (),
    handles_simple: bool = True,
    handles_complex: bool = True,
) -> TrialUnit:
    """Create a trial unit (审判单元) with its causes (at most 10)."""
    require_office(actor, court.pk)
    causes = list(causes)
    name = name or _("Unit %(n)s") % {"n": number}
    _check_cause_cap(name, causes)
    with transaction.atomic():
        if TrialUnit.objects.filter(court=court, number=number).exists():
            raise Conflict(_("Unit number %(n)s is taken.") % {"n": number})
        unit = TrialUnit.objects.create(
            court=court,
            number=number,
            name=name,
            handles_simple=handles_simple,
            handles_complex=handles_complex,
        )
        unit.causes.set(causes)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=unit,
            changes={"name": [None, name], "causes": [None, [c.pk for c in causes]]},
        )
    return unit


def unit_update(
    *,
    actor: Actor,
    unit: TrialUnit,
    name: str | None = None,
    causes: Iterable[CaseCause] | None = None,
    handles_simple: bool | None = None,
    handles_complex: bool | None = None,
    is_active: bool | None = None,
    reason: str = "",
) -> TrialUnit:
    """Change a unit's name, causes (≤10), simple/complex capability or active flag."""
    require_office(actor, unit.court_id)
    with transaction.atomic():
        unit = TrialUnit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, ["name", "handles_simple", "handles_complex", "is_active"])
        before["causes"] = sorted(unit.causes.values_list("pk", flat=True))
        for attr, value in (
            ("name", name),
            ("handles_simple", handles_simple),
            ("handles_complex", handles_complex),
            ("is_active", is_active),
        ):
            if value is not None:
                setattr(unit, attr, value)
        unit.save()
        if causes is not None:
            causes = list(causes)
            _check_cause_cap(unit.name, causes)
            if any(c.court_id not in (None, unit.court_id) for c in causes):
                raise NotFound(_("No such cause."))
            unit.causes.set(causes)
        after = snapshot(unit, ["name", "handles_simple", "handles_complex", "is_active"])
        after["causes"] = sorted(unit.causes.values_list("pk", flat=True))
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=unit, changes=changes, reason=reason
            )
    return unit


def unit_add_member(*, actor: Actor, unit: TrialUnit, person: Person, role: str) -> TrialUnitMember:
    """Put a judge or assistant of the court into a unit (one active unit per person)."""
    require_office(actor, unit.court_id)
    expected = {str(UnitRole.JUDGE): Role.JUDGE, str(UnitRole.ASSISTANT): Role.ASSISTANT}.get(role)
    if expected is None:
        raise ValidationFailed(_("Unknown unit role."), field="role")
    if person.court_id != unit.court_id or person.role != expected:
        raise ValidationFailed(
            _("%(person)s is not a %(role)s of this court.")
            % {"person": person.full_name, "role": UnitRole(role).label},
            field="person",
        )
    with transaction.atomic():
        other = (
            TrialUnitMember.objects.filter(person=person, is_active=True)
            .select_related("unit")
            .first()
        )
        if other is not None:
            if other.unit_id == unit.pk:
                return other
            raise Conflict(
                _("%(person)s is already a member of %(unit)s.")
                % {"person": person.full_name, "unit": other.unit.name}
            )
        member = TrialUnitMember.objects.create(unit=unit, person=person, role=role)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=member,
            court_id=unit.court_id,
            changes={"unit": [None, unit.pk], "person": [None, person.pk], "role": [None, role]},
        )
    return member


def unit_remove_member(
    *, actor: Actor, member: TrialUnitMember, reason: str = ""
) -> TrialUnitMember:
    require_office(actor, member.unit.court_id)
    with transaction.atomic():
        member.is_active = False
        member.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=member,
            court_id=member.unit.court_id,
            changes={"is_active": [True, False]},
            reason=reason,
        )
    return member
