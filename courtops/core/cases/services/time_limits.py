"""审限 events: extensions, excluded periods, procedure changes, the periodic refresh."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import Actor, person_or_none
from courtops.core.cases.choices import (
    CaseStatus,
    Complexity,
    ExclusionKind,
    ExtensionStatus,
    PeriodUnit,
    Procedure,
)
from courtops.core.cases.selectors import case_time_limit
from courtops.core.cases.services._common import (
    SIMPLE_PROCEDURES,
    _case_for_update,
    require_case_handler,
)
from courtops.core.cases.services.register import _refresh_limit
from courtops.core.cases.timelimits import EXTENSION_NOTICE_DAYS, extension_cap_left
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, NotFound, ValidationFailed
from courtops.core.models import (
    Case,
    Court,
    ProcedureChange,
    TimeLimitExclusion,
    TimeLimitExtension,
)
from courtops.core.permissions import can_decide_extension, is_president_of, require
from courtops.core.services.audit import audit_record
from courtops.core.services.calendar import calendar_for
from courtops.core.transitions import transition_run


# --- time limit -----------------------------------------------------------------------------
def extension_request(
    *,
    actor: Actor,
    case_id: int,
    amount: int,
    unit: str = PeriodUnit.MONTHS,
    reason: str,
    requested_on: dt.date | None = None,
) -> TimeLimitExtension:
    """Request an extension (延长审限) at least 15 days before the current expiry."""
    requested_on = requested_on or timezone.localdate()
    if not (reason or "").strip():
        raise ValidationFailed(_("An extension needs a reason."), field="reason")
    if amount < 1 or unit not in PeriodUnit.values:
        raise ValidationFailed(
            _("The extension must be a positive number of days or months."), field="amount"
        )
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if not case.is_open:
            raise Conflict(_("The case is closed."))
        limit = case_time_limit(case, today=requested_on)
        latest = limit.end - dt.timedelta(days=EXTENSION_NOTICE_DAYS)
        if requested_on > latest:
            raise ValidationFailed(
                _(
                    "An extension must be requested at least %(n)s days before the limit ends "
                    "(%(end)s), i.e. by %(latest)s."
                )
                % {"n": EXTENSION_NOTICE_DAYS, "end": limit.end, "latest": latest},
                field="requested_on",
            )
        if case.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
            raise Conflict(_("An extension request is already pending."))
        ext = TimeLimitExtension.objects.create(
            court_id=case.court_id,
            case=case,
            requested_on=requested_on,
            amount=amount,
            unit=unit,
            reason=reason,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=ext,
            changes={"case": [None, case.pk], "amount": [None, f"{amount} {unit}"]},
            reason=reason,
        )
    return ext


def extension_decide(
    *,
    actor: Actor,
    extension_id: int,
    approve: bool,
    approver: str = "",
    evidence: str = "",
    higher_court: bool = False,
    decided_on: dt.date | None = None,
) -> TimeLimitExtension:
    """Record the decision on a requested extension (requested → approved / refused): the
    president (院领导) decides in the system as himself — his name is the approver and
    ``decided_by`` is him; the office records a decision made on paper (the higher court's
    beyond the president's cap, or the president's), naming who decided. Approval moves the
    case's limit. A decided request is refused (Conflict naming its state)."""
    decided_on = decided_on or timezone.localdate()
    decision: dict = {}

    def authorize(ext: TimeLimitExtension) -> None:
        require(
            can_decide_extension(actor, ext.court_id),
            _("Only the court's leadership or its case-management office may decide extensions."),
        )
        president = is_president_of(actor, ext.court_id)
        name = actor.full_name if president and not higher_court else approver
        if not (name or "").strip():
            raise ValidationFailed(_("Name who decided."), field="approver")
        decision.update(
            approver=name,
            evidence=evidence,
            higher_court=higher_court,
            decided_on=decided_on,
            decided_by=person_or_none(actor) if president else None,
        )
        if not approve or higher_court or ext.status != ExtensionStatus.REQUESTED:
            return  # a decided request is refused by the state check, naming its state
        case = _case_for_update(ext.case_id)
        left = extension_cap_left(
            case.procedure, case.extensions.filter(status=ExtensionStatus.APPROVED)
        )
        if left is not None and (ext.unit != left[1] or ext.amount > left[0]):
            raise ValidationFailed(
                _(
                    "The president may extend this procedure by at most %(n)s %(unit)s more; "
                    "beyond that the higher court must approve."
                )
                % {"n": left[0], "unit": PeriodUnit(left[1]).label},
                field="amount",
            )

    with transaction.atomic():
        ext = transition_run(
            model=TimeLimitExtension,
            pk=extension_id,
            transition="approve" if approve else "refuse",
            actor=actor,
            authorize=authorize,
            params=decision,
            audit_changes={"approver": [None, decision.get("approver", approver)]},
            refusal=_("This request has already been decided."),
            not_found=_("No such extension request."),
            idempotent=False,
        ).obj
        case = _case_for_update(ext.case_id)
        _refresh_limit(case)
        case.save(update_fields=["time_limit_end", "updated_at"])
    return ext


def exclusion_add(
    *,
    actor: Actor,
    case_id: int,
    kind: str,
    start_date: dt.date,
    reason: str,
    approver: str,
    evidence: str,
    end_date: dt.date | None = None,
) -> TimeLimitExclusion:
    """Record a period excluded from the limit (公告, 鉴定, 和解, 管辖异议, 审计/评估, 中止),
    with reason, approver and evidence; ``end_date`` may follow later (exclusion_end)."""
    if kind not in ExclusionKind.values:
        raise ValidationFailed(_("Unknown kind of excluded period."), field="kind")
    for value, name in ((reason, "reason"), (approver, "approver"), (evidence, "evidence")):
        if not (value or "").strip():
            raise ValidationFailed(
                _("An excluded period needs a reason, an approver and evidence."), field=name
            )
    if end_date is not None and end_date < start_date:
        raise ValidationFailed(_("The period ends before it starts."), field="end_date")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if start_date <= case.filing_date:
            raise ValidationFailed(
                _("The period must start after the filing date."), field="start_date"
            )
        if kind == ExclusionKind.PUBLIC_NOTICE and case.procedure == Procedure.SIMPLE:
            raise ValidationFailed(
                _(
                    "Simple-procedure cases cannot be served by public notice; convert the case to the ordinary procedure first."
                ),
                field="kind",
            )
        exclusion = TimeLimitExclusion.objects.create(
            court_id=case.court_id,
            case=case,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            reason=reason,
            approver=approver,
            evidence=evidence,
        )
        _refresh_limit(case)
        case.save(update_fields=["time_limit_end", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=exclusion,
            changes={
                "kind": [None, kind],
                "start_date": [None, start_date],
                "end_date": [None, end_date],
            },
            reason=reason,
        )
    return exclusion


def exclusion_end(*, actor: Actor, exclusion_id: int, end_date: dt.date) -> TimeLimitExclusion:
    """Close an open excluded period."""
    with transaction.atomic():
        exclusion = TimeLimitExclusion.objects.select_for_update().filter(pk=exclusion_id).first()
        if exclusion is None:
            raise NotFound(_("No such excluded period."))
        case = _case_for_update(exclusion.case_id)
        require_case_handler(actor, case)
        if exclusion.end_date is not None:
            raise Conflict(_("This period has already ended."))
        if end_date < exclusion.start_date:
            raise ValidationFailed(_("The period ends before it starts."), field="end_date")
        exclusion.end_date = end_date
        exclusion.save(update_fields=["end_date"])
        _refresh_limit(case)
        case.save(update_fields=["time_limit_end", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=exclusion,
            changes={"end_date": [None, end_date]},
        )
    return exclusion


def case_change_procedure(
    *, actor: Actor, case_id: int, to_procedure: str, reason: str, changed_on: dt.date | None = None
) -> Case:
    """Change the procedure (e.g. 简易 → 普通). The filing date is kept, so the new limit counts
    from the original filing; the case becomes complex when it leaves a simple procedure."""
    changed_on = changed_on or timezone.localdate()
    if to_procedure not in Procedure.values:
        raise ValidationFailed(
            _("Procedure %(p)s is unknown.") % {"p": to_procedure}, field="to_procedure"
        )
    if not (reason or "").strip():
        raise ValidationFailed(_("A change of procedure needs a reason."), field="reason")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if not case.is_open:
            raise Conflict(_("The case is closed."))
        if case.procedure == to_procedure:
            raise Conflict(_("The case already runs in that procedure."))
        change = ProcedureChange.objects.create(
            court_id=case.court_id,
            case=case,
            from_procedure=case.procedure,
            to_procedure=to_procedure,
            changed_on=changed_on,
            reason=reason,
        )
        case.procedure = to_procedure
        if to_procedure not in SIMPLE_PROCEDURES:
            case.complexity = Complexity.COMPLEX
        _refresh_limit(case)
        case.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={"procedure": [change.from_procedure, to_procedure]},
            reason=reason,
        )
    return case


def case_refresh_time_limits(*, court: Court, today: dt.date | None = None) -> int:
    """Recompute the stored expiry of the court's open cases (e.g. nightly, and after the
    office enters a new year's holidays). Returns the number of cases changed."""
    today = today or timezone.localdate()
    calendar = calendar_for(court)
    changed = []
    qs = Case.objects.filter(court=court, status__in=CaseStatus.open_values()).prefetch_related(
        "extensions", "exclusions"
    )
    for case in qs:
        end = case_time_limit(case, today=today, calendar=calendar).end
        if end != case.time_limit_end:
            case.time_limit_end = end
            changed.append(case)
    Case.objects.bulk_update(changed, ["time_limit_end"], batch_size=1000)
    return len(changed)
