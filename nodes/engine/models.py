"""The workflow engine's rows: a case's run of a pinned template version (``CaseWorkflow``), its
work orders (``WorkOrder``, one per run of a ``WorkOrderSpec``; its steps ``WorkOrderStep`` and
its submissions ``WorkOrderAttempt``) and its waits on parties (``WorkflowWait``).

Every row carries ``court`` and reads through ``for_user`` like the case it belongs to (office of
the court: all; judge and assistant: their unit's cases). Company users see nothing yet: routing
(contracts) will override ``for_company`` on ``WorkOrderQuerySet`` to give a company the work
orders routed to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from courtops.core.models.case_scoping import CaseChildQuerySet
from nodes.engine.choices import AttemptOutcome, WaitStatus, WorkflowStatus, WorkOrderStatus

S = WorkOrderStatus


class CaseWorkflow(models.Model):
    """One run of a template version for a case. ``arrivals`` keeps, per AND-join step, the ids of
    the incoming edges that have fired since it last became ready."""

    court = models.ForeignKey("core.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("core.Case", on_delete=models.PROTECT, related_name="workflows")
    template_version = models.ForeignKey(
        "nodes.TemplateVersion", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WorkflowStatus.choices, default=WorkflowStatus.RUNNING
    )
    end_reached = models.BooleanField(_("an end was reached"), default=False)
    arrivals = models.JSONField(default=dict, blank=True)
    # named case events recorded by accepted steps (``marks``): {event: ISO moment}
    events = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("case workflow")
        verbose_name_plural = _("case workflows")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="running"), name="one_running_workflow_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.template_version_id}"


class WorkOrderQuerySet(CaseChildQuerySet):
    """Work orders visible exactly when their case is. ``for_company`` (nothing today) is the hook
    routing will fill: a company sees the work orders routed to it."""

    def open(self) -> WorkOrderQuerySet:
        return self.filter(status__in=S.open_values())


class WorkOrder(FSMModelMixin, models.Model):
    """One run of a work order spec in a case's workflow; ``generation`` counts the runs of the same
    spec in the workflow (a rework loop or a second arrival makes the next one). Its steps pin the
    node specifications (time limits, checklist, visibility, pay unit) they were created under."""

    court = models.ForeignKey("core.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("core.Case", on_delete=models.PROTECT, related_name="work_orders")
    workflow = models.ForeignKey(CaseWorkflow, on_delete=models.PROTECT, related_name="work_orders")
    spec = models.ForeignKey("nodes.WorkOrderSpec", on_delete=models.PROTECT, related_name="+")
    entry_step = models.ForeignKey("nodes.TemplateStep", on_delete=models.PROTECT, related_name="+")
    generation = models.PositiveIntegerField(default=1)
    status = FSMField(
        _("status"), max_length=12, choices=S.choices, default=S.READY, protected=True
    )
    held_from = models.CharField(max_length=12, blank=True)  # the state on_hold returns to
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "spec", "generation"], name="work_order_run_unique"
            )
        ]
        indexes = [models.Index(fields=["court", "status"])]

    def __str__(self) -> str:
        return f"{self.spec.name} #{self.generation}"

    @transition(field=status, source=S.READY, target=S.ASSIGNED)
    def assign(self, *, assignee) -> None:
        self.assignee = assignee

    @transition(field=status, source=[S.ASSIGNED, S.REJECTED], target=S.IN_PROGRESS)
    def start(self) -> None:
        """assigned → in_progress; rejected → in_progress (rework)."""

    @transition(field=status, source=S.IN_PROGRESS, target=S.SUBMITTED)
    def submit(self) -> None:
        """The outputs are recorded in a new attempt by the service."""

    @transition(field=status, source=S.SUBMITTED, target=S.ACCEPTED)
    def accept(self, *, at) -> None:
        self.accepted_at = at

    @transition(field=status, source=S.SUBMITTED, target=S.REJECTED)
    def reject(self) -> None:
        """The attempt is kept; the next submission is a new attempt."""

    @transition(field=status, source=[S.ASSIGNED, S.IN_PROGRESS], target=S.ON_HOLD)
    def hold(self) -> None:
        self.held_from = self.status

    @transition(field=status, source=S.ON_HOLD, target=RETURN_VALUE(S.ASSIGNED, S.IN_PROGRESS))
    def resume(self) -> str:
        target, self.held_from = self.held_from or S.ASSIGNED, ""
        return target

    @transition(
        field=status,
        source=[S.READY, S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED, S.REJECTED, S.ON_HOLD],
        target=S.CANCELLED,
    )
    def cancel(self) -> None:
        """Any non-final state → cancelled (the reason is in the audit event)."""


class WorkOrderStep(models.Model):
    """One template step of a work order, with the node spec it is pinned to and its own due time."""

    court = models.ForeignKey("core.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("core.Case", on_delete=models.PROTECT, related_name="+")
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="steps")
    template_step = models.ForeignKey(
        "nodes.TemplateStep", on_delete=models.PROTECT, related_name="+"
    )
    node_spec = models.ForeignKey("nodes.NodeSpec", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["work_order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order", "template_step"], name="work_order_step_unique"
            )
        ]


class WorkOrderAttempt(models.Model):
    """One submission of a work order: the outputs of the steps it reached, ``{step_id: record}``.
    Never overwritten; a rejected attempt stays and the rework is the next ``number``."""

    court = models.ForeignKey("core.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("core.Case", on_delete=models.PROTECT, related_name="+")
    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    outputs = models.JSONField(default=dict)
    outcome = models.CharField(
        max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.PENDING
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["work_order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["work_order", "number"], name="attempt_number_unique")
        ]


class WorkflowWait(models.Model):
    """A party's period (answer, appeal, posting) the workflow waits on: a ``kind: wait`` step."""

    court = models.ForeignKey("core.Court", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("core.Case", on_delete=models.PROTECT, related_name="+")
    workflow = models.ForeignKey(CaseWorkflow, on_delete=models.PROTECT, related_name="waits")
    step = models.ForeignKey("nodes.TemplateStep", on_delete=models.PROTECT, related_name="+")
    node_spec = models.ForeignKey("nodes.NodeSpec", on_delete=models.PROTECT, related_name="+")
    generation = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=WaitStatus.choices, default=WaitStatus.WAITING
    )
    foreign = models.BooleanField(_("period for a party abroad"), default=False)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    outputs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "step", "generation"], name="wait_run_unique"
            )
        ]
