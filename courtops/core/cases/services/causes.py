"""Case causes (案由) of a court."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from courtops.core.actors import Actor
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, NotFound, ValidationFailed
from courtops.core.models import (
    CaseCause,
    Court,
)
from courtops.core.permissions import require_office
from courtops.core.services.audit import audit_record


# --- causes ---------------------------------------------------------------------------------
def cause_create(
    *, actor: Actor, court: Court, name: str, parent: CaseCause | None = None
) -> CaseCause:
    """Add a court's own cause of action under ``parent`` (a national or own cause)."""
    require_office(actor, court.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("A cause needs a name."), field="name")
    if parent is not None and parent.court_id not in (None, court.pk):
        raise NotFound(_("No such parent cause."))
    with transaction.atomic():
        if CaseCause.objects.filter(court=court, parent=parent, name=name).exists() or (
            CaseCause.objects.filter(court=None, parent=parent, name=name).exists()
        ):
            raise Conflict(_("The cause %(name)s already exists there.") % {"name": name})
        siblings = CaseCause.objects.filter(parent=parent).count()
        prefix = parent.path if parent else ""
        cause = CaseCause.objects.create(
            court=court,
            parent=parent,
            name=name,
            level=(parent.level + 1) if parent else 0,
            path=f"{prefix}{900 + siblings:03d}.",
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=cause, changes={"name": [None, name]}
        )
    return cause
