"""The one permission policy: who may do what, as named predicates.

Every service asks these predicates (through :func:`require` or a ``require_*`` helper) before
it writes, so a view that forgets a check cannot open a hole. Views and templates ask the same
predicates only to shape the page (hide a button, pick a form).

Rules of this module:

* A predicate is ``<verb>_<object>(actor, ...) -> bool``, reads nothing but the actor and the
  object given (at most one small query), and never raises for a refusal.
* The system actor (:data:`courtops.core.actors.SYSTEM`) passes every predicate; ``None`` is a
  programming error (``TypeError``), never "skip the checks".
* A platform administrator (superuser of no court and no company) passes every court's checks.
* ``require_*`` helpers raise :class:`~courtops.core.exceptions.PermissionRefused` (403) or,
  where the object must stay invisible, :class:`~courtops.core.exceptions.NotFound` (404), with
  a message a person can act on.

Sections by area: people and organisations · court administration and calendar · case register ·
standards library. Add a new predicate to its area, with a docstring naming who passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext as _

from courtops.core.actors import Actor, is_system, require_actor
from courtops.core.choices import Role
from courtops.core.exceptions import NotFound, PermissionRefused

if TYPE_CHECKING:
    from courtops.core.models import Case, Company, Person


def require(allowed: bool, message: Any) -> None:
    """Raise ``PermissionRefused(message)`` unless ``allowed``."""
    if not allowed:
        raise PermissionRefused(message)


def _is_person(actor: Any) -> bool:
    """A logged-in, active person (the system is not a person)."""
    require_actor(actor)
    return (
        not is_system(actor)
        and bool(getattr(actor, "is_authenticated", False))
        and bool(getattr(actor, "is_active", False))
    )


# --- everyone ---------------------------------------------------------------------------------
def is_platform_admin(actor: Actor | Any) -> bool:
    """A superuser of no court and no company: administers the platform, sees every court."""
    return (
        _is_person(actor)
        and bool(actor.is_superuser)
        and actor.court_id is None
        and getattr(actor, "company_id", None) is None
    )


def _trusted(actor: Actor | Any) -> bool:
    """The system or a platform administrator: passes every court-level check."""
    require_actor(actor)
    return is_system(actor) or is_platform_admin(actor)


def is_office_of(actor: Actor | Any, court_id: int | None = None) -> bool:
    """Office staff (案件管理办公室) of ``court_id`` — of any court when ``court_id`` is None —
    or the system, or a platform administrator."""
    if _trusted(actor):
        return True
    return (
        _is_person(actor)
        and actor.role == Role.OFFICE
        and actor.court_id is not None
        and (court_id is None or actor.court_id == court_id)
    )


def require_office(actor: Actor | Any, court_id: int | None = None) -> None:
    """Refuse anyone but the office of ``court_id`` (see :func:`is_office_of`)."""
    require(
        is_office_of(actor, court_id),
        _("Only the case-management office of this court may do this."),
    )


def _office_or_leadership(actor: Actor | Any) -> bool:
    """Office staff or leadership/auditors (of any court), the platform administrator, the
    system: who may read the court-wide pages."""
    if _trusted(actor):
        return True
    return _is_person(actor) and actor.role in (Role.OFFICE, Role.LEADERSHIP)


# --- people and organisations -------------------------------------------------------------------
def can_manage_organisations(actor: Actor | Any) -> bool:
    """Create courts, departments' courts and companies: office staff (of any court), the
    platform administrator, the system."""
    return is_office_of(actor, None)


def can_manage_people(actor: Actor | Any, person: Person) -> bool:
    """Change, reset or deactivate ``person``: the office manages the people of its court and
    the staff of companies serving its court; a vendor supervisor manages the staff of its own
    company."""
    if _trusted(actor):
        return True
    if not _is_person(actor):
        return False
    if actor.role == Role.OFFICE and actor.court_id is not None:
        if person.court_id == actor.court_id:
            return True
        company = person.company
        if company is not None and company.courts.filter(pk=actor.court_id).exists():
            return True
    return (
        actor.role == Role.VENDOR_SUPERVISOR
        and person.company_id == actor.company_id
        and person.role == Role.VENDOR_STAFF
    )


def can_list_people(actor: Actor | Any) -> bool:
    """The people page: office, vendor supervisors (their company) and leadership/auditors."""
    if _trusted(actor):
        return True
    return _is_person(actor) and actor.role in (
        Role.OFFICE,
        Role.VENDOR_SUPERVISOR,
        Role.LEADERSHIP,
    )


def can_add_people(actor: Actor | Any) -> bool:
    """Open the "new person" form: the office (court roles) and vendor supervisors (their own
    staff). Which person exactly is checked by ``person_create``."""
    if _trusted(actor):
        return True
    return _is_person(actor) and actor.role in (Role.OFFICE, Role.VENDOR_SUPERVISOR)


def can_create_company_staff(actor: Actor | Any, company: Company) -> bool:
    """Create a vendor account of ``company``: its own supervisor, or the office of a court the
    company serves (any office when the actor has no court)."""
    if _trusted(actor):
        return True
    if not _is_person(actor):
        return False
    if actor.role == Role.VENDOR_SUPERVISOR and actor.company_id == company.pk:
        return True
    if actor.role != Role.OFFICE:
        return False
    return actor.court_id is None or company.courts.filter(pk=actor.court_id).exists()


def can_read_audit_trail(actor: Actor | Any) -> bool:
    """The audit trail: office staff and leadership/auditors (of their court), the platform
    administrator."""
    return _office_or_leadership(actor)


# --- court administration and the working calendar ---------------------------------------------
def can_configure_court(actor: Actor | Any, court_id: int) -> bool:
    """Trial units, members, the court's causes of action, allocation rule sets, time-limit
    extension decisions: the office of that court."""
    return is_office_of(actor, court_id)


def can_set_import_retention(actor: Actor | Any, court_id: int) -> bool:
    """How long the court's uploaded ledgers (personal data) are kept: the office of that court
    or the platform administrator."""
    return is_office_of(actor, court_id)


def can_manage_calendar(actor: Actor | Any, court_id: int | None) -> bool:
    """Set a day or publish a year of the working calendar: for one court its office; the
    national calendar (``court_id`` None) only the platform administrator or the system."""
    if _trusted(actor):
        return True
    return court_id is not None and is_office_of(actor, court_id)


def can_view_calendar(actor: Actor | Any) -> bool:
    """The calendar page: office and leadership/auditors."""
    return _office_or_leadership(actor)


def can_read_allocation_rules(actor: Actor | Any) -> bool:
    """The allocation rule pages: office and leadership/auditors."""
    return _office_or_leadership(actor)


def is_president_of(actor: Actor | Any, court_id: int) -> bool:
    """院领导 of ``court_id`` (the ``leadership`` role): decides 审限 extensions as himself."""
    return (
        _is_person(actor)
        and actor.role == Role.LEADERSHIP
        and actor.court_id is not None
        and actor.court_id == court_id
    )


def can_decide_extension(actor: Actor | Any, court_id: int) -> bool:
    """Decide a 审限 extension request of ``court_id``: the court's leadership (the president
    approves in the system, as himself), or its office recording a decision made on paper (the
    higher court's, or the president's when he is away from the system); the system."""
    return is_president_of(actor, court_id) or is_office_of(actor, court_id)


def can_see_extension_queue(actor: Actor | Any) -> bool:
    """The queue of pending extension requests: office and leadership."""
    return _office_or_leadership(actor)


# --- case register ------------------------------------------------------------------------------
def can_write_cases(actor: Actor | Any, court_id: int) -> bool:
    """Register, import and allocate cases of ``court_id``: its office, or its service account
    (the court's case system)."""
    if _trusted(actor):
        return True
    return (
        _is_person(actor)
        and actor.court_id == court_id
        and (actor.role == Role.OFFICE or bool(actor.is_service_account))
    )


def require_case_writer(actor: Actor | Any, court_id: int) -> None:
    """Refuse anyone who may not write the case register of ``court_id``."""
    require(
        can_write_cases(actor, court_id),
        _("Only the case-management office of this court may do this."),
    )


def _in_case_unit(actor: Actor | Any, case: Case) -> bool:
    from courtops.core.models import TrialUnitMember

    return actor.pk in (case.judge_id, case.assistant_id) or (
        TrialUnitMember.objects.filter(
            unit_id=case.trial_unit_id, person_id=cast(int, actor.pk), is_active=True
        ).exists()
    )


def can_handle_case(actor: Actor | Any, case: Case) -> bool:
    """Work on a case (status steps, time-limit events): the office of its court, or its judge
    or assistant, or a member of its trial unit."""
    if _trusted(actor):
        return True
    if not _is_person(actor) or actor.court_id != case.court_id:
        return False
    if actor.role == Role.OFFICE:
        return True
    return actor.role in (Role.JUDGE, Role.ASSISTANT) and _in_case_unit(actor, case)


def require_case_handler(actor: Actor | Any, case: Case) -> None:
    """Refuse anyone who may not handle ``case``; a case of another court stays invisible."""
    if not _trusted(actor) and getattr(actor, "court_id", None) != case.court_id:
        raise NotFound(_("No such case."))
    require(
        can_handle_case(actor, case),
        _("Only the office or the case's trial unit may do this."),
    )


def can_reveal_personal_data(actor: Actor | Any, case: Case) -> bool:
    """Unmask the parties of ``case``: the permission ``core.reveal_personal_data`` or the office
    role in the case's court; a judge or assistant for the cases of their own unit."""
    if _trusted(actor):
        return True
    if not _is_person(actor) or actor.court_id != case.court_id:
        return False
    if actor.has_perm("core.reveal_personal_data") or actor.role == Role.OFFICE:
        return True
    return actor.role in (Role.JUDGE, Role.ASSISTANT) and _in_case_unit(actor, case)


# --- standards library (nodes) ------------------------------------------------------------------
def can_write_library(actor: Actor | Any) -> bool:
    """Edit, import, publish standards and templates: the case-management office (the library
    is shared by every court)."""
    if is_system(actor):
        return True
    return _is_person(actor) and actor.role == Role.OFFICE


def require_library_writer(actor: Actor | Any) -> None:
    """Refuse anyone who may not change the standards library."""
    require(
        can_write_library(actor),
        _("Only the case-management office may change the standards library."),
    )


def can_change_standard(actor: Actor | Any, standard: Any) -> bool:
    """Draft, edit, import, publish or discard versions of ``standard``. An installation-wide
    standard (``court`` empty) is what every court works to: only the platform administrator
    (or the system's loader) changes it. A court's own standard — or a court's own variant of
    an installation-wide one (a ``StandardVersion`` with ``court`` set, passed here instead of
    the standard): that court's office."""
    if _trusted(actor):
        return True
    if getattr(standard, "court_id", None) is None:
        return False
    return is_office_of(actor, standard.court_id)


def require_standard_writer(actor: Actor | Any, standard: Any) -> None:
    """Refuse anyone who may not change ``standard`` (see :func:`can_change_standard`)."""
    if getattr(standard, "court_id", None) is None:
        message = _(
            "Installation-wide standards are changed only by the platform administrator; "
            "every court works to them."
        )
    else:
        message = _(
            "Only the case-management office of the court that owns this standard may change it."
        )
    require(can_change_standard(actor, standard), message)


def can_see_standard_version(actor: Actor | Any, version: Any) -> bool:
    """See a published or superseded version: the installation's, everyone; a court's own
    variant, only people of that court (and the platform administrator)."""
    if getattr(version, "court_id", None) is None or _trusted(actor):
        return True
    return _is_person(actor) and actor.court_id == version.court_id


def can_see_standard_draft(actor: Actor | Any, standard: Any) -> bool:
    """See the open draft of ``standard``: whoever may change it (a court's draft stays with
    that court; drafts of installation-wide standards with the platform administrator)."""
    return can_change_standard(actor, standard)
