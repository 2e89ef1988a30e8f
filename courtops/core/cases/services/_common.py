"""Who may write the case register, and the row lock every case service starts from."""

from __future__ import annotations

from django.utils.translation import gettext as _

from courtops.core.actors import is_system
from courtops.core.cases.choices import (
    Procedure,
)
from courtops.core.choices import Role
from courtops.core.exceptions import NotFound, PermissionRefused
from courtops.core.models import (
    Case,
    TrialUnitMember,
)

SIMPLE_PROCEDURES = {
    Procedure.SIMPLE,
    Procedure.SMALL_CLAIMS,
    Procedure.SPECIAL,
    Procedure.PAYMENT_ORDER,  # 督促程序: non-contentious, examined on the papers
    Procedure.CRIMINAL_SIMPLE,
    Procedure.CRIMINAL_FAST_TRACK,
    Procedure.ADMIN_SIMPLE,
    Procedure.PRESERVATION,
}


# --- permissions ----------------------------------------------------------------------------
def _is_platform_admin(actor) -> bool:
    # The system actor (loaders, sweeps, the demo) passes like the platform administrator.
    if is_system(actor):
        return True
    return actor is not None and actor.is_superuser and actor.court_id is None


def require_case_writer(actor, court_id: int) -> None:
    """Office staff of the court, or the court's service account (the case system)."""
    if actor is None or _is_platform_admin(actor):
        return
    if actor.court_id == court_id and (actor.role == Role.OFFICE or actor.is_service_account):
        return
    raise PermissionRefused(_("Only the case-management office of this court may do this."))


def require_case_handler(actor, case: Case) -> None:
    """The office, or the judge/assistant of the case or a member of its unit."""
    if actor is None or _is_platform_admin(actor):
        return
    if actor.court_id != case.court_id:
        raise NotFound(_("No such case."))
    if actor.role == Role.OFFICE:
        return
    if actor.role in (Role.JUDGE, Role.ASSISTANT) and (
        actor.pk in (case.judge_id, case.assistant_id)
        or TrialUnitMember.objects.filter(
            unit_id=case.trial_unit_id, person=actor, is_active=True
        ).exists()
    ):
        return
    raise PermissionRefused(_("Only the office or the case's trial unit may do this."))


def can_reveal_personal_data(actor, case: Case) -> bool:
    """Unmasking needs the permission core.reveal_personal_data, which the office has by role;
    a judge or assistant has it for the cases of their own unit."""
    if actor is None or not actor.is_authenticated or actor.court_id != case.court_id:
        return _is_platform_admin(actor) if actor is not None else False
    if actor.has_perm("core.reveal_personal_data") or actor.role == Role.OFFICE:
        return True
    if actor.role in (Role.JUDGE, Role.ASSISTANT):
        try:
            require_case_handler(actor, case)
        except (PermissionRefused, NotFound):
            return False
        return True
    return False


def _case_for_update(case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such case."))
    return case
