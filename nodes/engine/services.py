"""The workflow engine's writes: start a case's workflow, move a work order through its lifecycle
(docs/ARCHITECTURE.md §3) with ``transition_run``, and advance the workflow on acceptance.

Who may act: today the office of the case's court and the case's trial unit
(``require_case_handler``) — TODO(contracts): the company staff a work order is routed to will
assign, start and submit; the judge assistant accepts and rejects.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import Actor, person_or_none
from courtops.core.choices import AuditAction
from courtops.core.exceptions import NotFound, ValidationFailed
from courtops.core.models import Case
from courtops.core.permissions import require_case_handler
from courtops.core.services.audit import audit_record
from courtops.core.transitions import transition_run
from nodes.engine.choices import AttemptOutcome, WaitStatus, WorkflowStatus, WorkOrderStatus
from nodes.engine.models import CaseWorkflow, WorkflowWait, WorkOrder, WorkOrderAttempt
from nodes.engine.outputs import validate_output
from nodes.engine.runner import Context, activate, complete, graph_of, reached_steps
from nodes.selectors import template_for_case


def workflow_start(*, actor: Actor, case: Case) -> CaseWorkflow:
    """Start ``case``'s workflow on its procedure's template in force and open its first step. A
    case whose workflow is running keeps it (a rerun changes nothing)."""
    require_case_handler(actor, case)
    template = template_for_case(case)
    if template is None or template.current_id is None:
        raise ValidationFailed(
            _("No workflow template runs this case's procedure at this court."), field="procedure"
        )
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        running = CaseWorkflow.objects.filter(case=case, status=WorkflowStatus.RUNNING).first()
        if running is not None:
            return running
        wf = CaseWorkflow.objects.create(
            court_id=case.court_id, case=case, template_version_id=template.current_id
        )
        ctx = Context(wf)
        start = next((s for s in ctx.g.steps.values() if s.is_start), None)
        if start is None:
            raise ValidationFailed(_("The workflow template has no start step."))
        activate(ctx, start)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=wf,
            changes={"template_version": template.current_id},
            court_id=case.court_id,
        )
    return wf


def _authorize(actor: Actor):
    def check(wo: WorkOrder) -> None:
        require_case_handler(actor, wo.case)

    return check


def _run(actor: Actor, work_order_id: int, verb: str, refusal: str, **kw: Any) -> WorkOrder:
    return transition_run(
        model=WorkOrder,
        pk=work_order_id,
        transition=verb,
        actor=actor,
        queryset=WorkOrder.objects.select_related("case"),
        authorize=_authorize(actor),
        refusal=refusal,
        not_found=_("No such work order."),
        **kw,
    ).obj


def work_order_assign(*, actor: Actor, work_order_id: int, assignee: Any = None) -> WorkOrder:
    """ready → assigned (to ``assignee``, default the actor)."""
    person = assignee if assignee is not None else person_or_none(actor)
    return _run(
        actor,
        work_order_id,
        "assign",
        _("Only a ready work order can be taken."),
        params={"assignee": person},
        audit_changes={"assignee": getattr(person, "pk", None)},
    )


def work_order_start(*, actor: Actor, work_order_id: int) -> WorkOrder:
    """assigned → in_progress, or rejected → in_progress (rework)."""
    return _run(
        actor, work_order_id, "start", _("Only an assigned or rejected work order can be started.")
    )


def work_order_hold(*, actor: Actor, work_order_id: int, reason: str) -> WorkOrder:
    """assigned | in_progress → on_hold (TODO(engine): reasons from the office's list, approver)."""
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the pause."), field="reason")
    return _run(
        actor,
        work_order_id,
        "hold",
        _("Only an assigned or started work order can be paused."),
        reason=reason,
    )


def work_order_resume(*, actor: Actor, work_order_id: int) -> WorkOrder:
    """on_hold → the state it was paused in."""
    return _run(actor, work_order_id, "resume", _("Only a paused work order can be resumed."))


def work_order_cancel(*, actor: Actor, work_order_id: int, reason: str) -> WorkOrder:
    """Any non-final state → cancelled, with the reason."""
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the cancellation."), field="reason")
    return _run(
        actor,
        work_order_id,
        "cancel",
        _("An accepted or cancelled work order cannot be cancelled."),
        reason=reason,
    )


def _check_outputs(wo: WorkOrder, outputs: dict[str, dict]) -> None:
    """Every reached step's record valid for its pinned node's fields; nothing for other steps.
    All errors at once, each naming the step and the field."""
    g = graph_of(wo.workflow.template_version_id)
    reached = reached_steps(g, wo, outputs)
    pinned = {row.template_step_id: row.node_spec for row in wo.steps.select_related("node_spec")}
    errors: list[tuple[str, str]] = []
    for step in reached:
        spec = pinned.get(step.pk, step.node_spec)
        for name, messages in validate_output(
            spec.outputs, outputs.get(step.step_id) or {}
        ).items():
            errors += [(f"{step.step_id}.{name}", m) for m in messages]
    for step_id in sorted(set(outputs) - {s.step_id for s in reached}):
        errors.append((step_id, _("This step is not part of this submission.")))
    if errors:
        exc = ValidationFailed(
            "; ".join(f"{f}: {m}" for f, m in errors), field=errors[0][0], errors=errors
        )
        exc.field_errors = errors
        raise exc


def work_order_submit(*, actor: Actor, work_order_id: int, outputs: dict[str, dict]) -> WorkOrder:
    """in_progress → submitted, recording the outputs ``{step_id: record}`` as a new attempt."""

    def record(wo: WorkOrder) -> None:
        number = wo.attempts.count() + 1
        WorkOrderAttempt.objects.create(
            court_id=wo.court_id,
            case_id=wo.case_id,
            work_order=wo,
            number=number,
            outputs=outputs,
            submitted_by=person_or_none(actor),
        )

    def authorize(wo: WorkOrder) -> None:
        require_case_handler(actor, wo.case)
        if wo.status == WorkOrderStatus.IN_PROGRESS:
            _check_outputs(wo, outputs)

    return transition_run(
        model=WorkOrder,
        pk=work_order_id,
        transition="submit",
        actor=actor,
        queryset=WorkOrder.objects.select_related("case", "workflow"),
        authorize=authorize,
        before_save=record,
        refusal=_("Only a work order in progress can be submitted."),
        not_found=_("No such work order."),
    ).obj


def _latest_attempt(wo: WorkOrder) -> WorkOrderAttempt:
    attempt = wo.attempts.order_by("-number").first()
    if attempt is None:  # submit always records one
        raise NotFound(_("The work order has no submission."))
    return attempt


def work_order_reject(*, actor: Actor, work_order_id: int, reason: str) -> WorkOrder:
    """submitted → rejected; the submission is kept, the rework will be a new attempt."""
    if not reason.strip():
        raise ValidationFailed(_("Say what must be redone."), field="reason")

    def mark(wo: WorkOrder) -> None:
        WorkOrderAttempt.objects.filter(pk=_latest_attempt(wo).pk).update(
            outcome=AttemptOutcome.REJECTED, reason=reason
        )

    return _run(
        actor,
        work_order_id,
        "reject",
        _("Only a submitted work order can be rejected."),
        before_save=mark,
        reason=reason,
    )


def work_order_accept(*, actor: Actor, work_order_id: int) -> WorkOrder:
    """submitted → accepted; in the same transaction the workflow advances (its row locked)."""

    def advance(wo: WorkOrder) -> None:
        attempt = _latest_attempt(wo)
        WorkOrderAttempt.objects.filter(pk=attempt.pk).update(outcome=AttemptOutcome.ACCEPTED)
        wf = CaseWorkflow.objects.select_for_update().select_related("case").get(pk=wo.workflow_id)
        ctx = Context(wf)
        done = [
            (s, attempt.outputs.get(s.step_id) or {})
            for s in reached_steps(ctx.g, wo, attempt.outputs)
        ]
        # the work order is accepted before its successors are opened (a rework loop back into
        # it opens its next generation)
        WorkOrder.objects.filter(pk=wo.pk).update(
            status=WorkOrderStatus.ACCEPTED, accepted_at=ctx.now
        )
        complete(ctx, done)

    return _run(
        actor,
        work_order_id,
        "accept",
        _("Only a submitted work order can be accepted."),
        params={"at": timezone.now()},
        before_save=advance,
    )


def wait_end(*, actor: Actor, wait_id: int, outputs: dict[str, Any] | None = None) -> WorkflowWait:
    """A wait on a party ends (its period ran, or what it waited for arrived) with its outputs
    (e.g. whether an appeal was lodged); the workflow advances. A rerun changes nothing."""
    outputs = outputs or {}
    with transaction.atomic():
        wait = (
            WorkflowWait.objects.select_for_update()
            .select_related("case", "node_spec", "step")
            .filter(pk=wait_id)
            .first()
        )
        if wait is None:
            raise NotFound(_("No such wait."))
        require_case_handler(actor, wait.case)
        if wait.status != WaitStatus.WAITING:
            return wait
        errors = validate_output(wait.node_spec.outputs, outputs)
        if errors:
            pairs = [(f"{wait.step.step_id}.{k}", m) for k, ms in errors.items() for m in ms]
            raise ValidationFailed("; ".join(f"{f}: {m}" for f, m in pairs), errors=pairs)
        wf = (
            CaseWorkflow.objects.select_for_update().select_related("case").get(pk=wait.workflow_id)
        )
        ctx = Context(wf)
        wait.status, wait.outputs, wait.ended_at = WaitStatus.ENDED, outputs, ctx.now
        wait.save(update_fields=["status", "outputs", "ended_at"])
        complete(ctx, [(ctx.g.steps[wait.step_id], outputs)])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=wait,
            changes={"status": [WaitStatus.WAITING, WaitStatus.ENDED]},
            court_id=wait.court_id,
        )
    return wait


def waits_sweep(*, actor: Actor, now=None) -> int:
    """End every wait whose period has run and that records nothing a person must enter (no
    required output); the workflow resumes by itself. A wait with a required output (e.g. whether
    an appeal was lodged) stays for a person to record it — the stuck-case sweep (to come) lists
    it. Idempotent: ``wait_end`` on an ended wait changes nothing. Returns how many ended."""
    now = now or timezone.now()
    ended = 0
    due = WorkflowWait.objects.filter(status=WaitStatus.WAITING, ends_at__lte=now).select_related(
        "node_spec"
    )
    for wait in due.order_by("ends_at", "pk"):
        if any(f.get("required", True) for f in wait.node_spec.outputs):
            continue
        if wait_end(actor=actor, wait_id=wait.pk).status == WaitStatus.ENDED:
            ended += 1
    return ended
