"""Walking a case's workflow graph: which steps a submission reaches inside its work order, and
what becomes ready when a work order is accepted or a wait ends.

Semantics (nodes/library/SCHEMA.md, as nodes/simulation.py walks it): a step becomes ready when one
incoming edge fires (``join: any``) or all its forward incoming edges have fired (``join: all``,
an AND-join; a ``rework`` edge enters it alone); an edge fires when its guard holds on the source
step's accepted outputs, an ``else`` edge when no guarded sibling fired. A step that is already
open (its work order or wait not final) is not opened twice (the simulation's ``ready.setdefault``);
a step entered again after it was done opens the next ``generation``. Reaching an ``end`` step
marks the workflow; it finishes when an end was reached and no work or wait is open.

All of this runs inside the caller's transaction with the workflow row locked
(``select_for_update``), so two accepts of one workflow advance one after the other and the
``(workflow, spec, generation)`` uniqueness stops a duplicate in any case.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from courtops.core.services.calendar import calendar_for
from nodes.engine.choices import AttemptOutcome, WaitStatus, WorkflowStatus, WorkOrderStatus
from nodes.engine.clocks import due_moment, party_abroad
from nodes.engine.guards import edges_that_fire
from nodes.engine.models import (
    CaseWorkflow,
    WorkflowWait,
    WorkOrder,
    WorkOrderAttempt,
    WorkOrderStep,
)
from nodes.models import TemplateEdge, TemplateStep


@dataclass
class Graph:
    """A template version's steps and edges with the lookups the engine needs."""

    steps: dict[int, TemplateStep]
    by_id: dict[str, TemplateStep]
    out: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    need: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    members: dict[int, list[TemplateStep]] = field(default_factory=lambda: defaultdict(list))


def graph_of(version_id: int) -> Graph:
    steps = list(
        TemplateStep.objects.filter(version_id=version_id)
        .select_related("node_spec", "work_order")
        .order_by("order")
    )
    g = Graph(steps={s.pk: s for s in steps}, by_id={s.step_id: s for s in steps})
    for s in steps:
        if s.work_order_id:
            g.members[s.work_order_id].append(s)
    for e in TemplateEdge.objects.filter(version_id=version_id).order_by("order"):
        g.out[e.source_id].append(
            {"when": e.guard, "else": e.is_else, "rework": e.rework, "edge": e}
        )
        if not e.rework:
            g.need[e.target_id].add(e.pk)
    return g


def reached_steps(g: Graph, wo: WorkOrder, outputs: dict[str, dict]) -> list[TemplateStep]:
    """The steps of ``wo`` a submission with ``outputs`` reaches: its entry step, then every member
    step an edge fires into from a reached step (on that step's outputs)."""
    members = {s.pk for s in g.members[wo.spec_id]}
    entry = g.steps[wo.entry_step_id]
    reached, queue = [entry], [entry]
    while queue:
        step = queue.pop(0)
        for e in edges_that_fire(g.out[step.pk], outputs.get(step.step_id) or {}):
            target = e["edge"].target_id
            if target in members and not e["rework"] and all(r.pk != target for r in reached):
                reached.append(g.steps[target])
                queue.append(g.steps[target])
    return reached


def recorded_outputs(wf: CaseWorkflow, g: Graph) -> dict[str, dict]:
    """Node code → its latest accepted output record in the workflow (work orders and waits)."""
    out: dict[str, dict] = {}
    attempts = WorkOrderAttempt.objects.filter(
        work_order__workflow=wf, outcome=AttemptOutcome.ACCEPTED
    ).order_by("submitted_at", "pk")
    for attempt in attempts:
        for step_id, record in attempt.outputs.items():
            step = g.by_id.get(step_id)
            if step is not None:
                out[step.node_spec.code] = record
    for wait in wf.waits.filter(status=WaitStatus.ENDED).order_by("ended_at", "pk"):
        out[g.steps[wait.step_id].node_spec.code] = wait.outputs
    return out


class Context:
    """What one advance needs, loaded once: the graph, recorded outputs, the court's calendar."""

    def __init__(self, wf: CaseWorkflow, *, now: dt.datetime | None = None):
        self.wf = wf
        self.now = now or timezone.now()
        self.g = graph_of(wf.template_version_id)
        self.calendar = calendar_for(wf.court_id)
        self.recorded = recorded_outputs(wf, self.g)
        self.abroad = party_abroad(wf.case)

    def due(self, spec, *, foreign: bool = False) -> dt.datetime | None:
        return due_moment(
            spec,
            ready_at=self.now,
            case=self.wf.case,
            recorded=self.recorded,
            events=self.wf.events,
            foreign=foreign,
            calendar=self.calendar,
        )


def activate(ctx: Context, step: TemplateStep) -> WorkOrder | WorkflowWait | None:
    """Open ``step``: a wait, or its work order entered at it. Nothing when it is already open."""
    wf = ctx.wf
    if step.node_spec.kind == "wait":
        waits = WorkflowWait.objects.filter(workflow=wf, step=step)
        if waits.filter(status=WaitStatus.WAITING).exists():
            return None
        generation = (waits.aggregate(m=Max("generation"))["m"] or 0) + 1
        return WorkflowWait.objects.create(
            court_id=wf.court_id,
            case_id=wf.case_id,
            workflow=wf,
            step=step,
            node_spec=step.node_spec,
            generation=generation,
            foreign=ctx.abroad and bool(step.node_spec.time_foreign),
            ends_at=ctx.due(step.node_spec, foreign=ctx.abroad),
        )
    spec_id = step.work_order_id
    if spec_id is None:  # the loader gives every node step a work order; defensive
        raise ValueError(f"step {step.step_id} has no work order")
    runs = WorkOrder.objects.filter(workflow=wf, spec_id=spec_id)
    if runs.filter(status__in=WorkOrderStatus.open_values()).exists():
        return None
    generation = (runs.aggregate(m=Max("generation"))["m"] or 0) + 1
    wo = WorkOrder.objects.create(
        court_id=wf.court_id,
        case_id=wf.case_id,
        workflow=wf,
        spec_id=spec_id,
        entry_step=step,
        generation=generation,
    )
    rows = [
        WorkOrderStep(
            court_id=wf.court_id,
            case_id=wf.case_id,
            work_order=wo,
            template_step=s,
            node_spec=s.node_spec,  # pinned: a published spec row never changes
            order=i,
            due_at=ctx.due(s.node_spec),
        )
        for i, s in enumerate(ctx.g.members[spec_id])
    ]
    WorkOrderStep.objects.bulk_create(rows)
    dues = [r.due_at for r in rows if r.due_at is not None]
    if dues:
        # the work order is due when its first step is: its steps are done in one sitting
        WorkOrder.objects.filter(pk=wo.pk).update(due_at=min(dues))
        wo.due_at = min(dues)
    return wo


def complete(ctx: Context, done: list[tuple[TemplateStep, dict[str, Any]]]) -> None:
    """Steps ``done`` (with their accepted outputs) are finished: record their case events, mark an
    end, fire their edges out of their work order and open what became ready; then refresh clocks
    that waited for an output, and finish the workflow when nothing is open and an end was
    reached. The caller holds the workflow row locked."""
    wf, g = ctx.wf, ctx.g
    for step, outputs in done:
        ctx.recorded[step.node_spec.code] = outputs
        for event in step.marks or ():
            wf.events.setdefault(event, ctx.now.isoformat())
        if step.is_end:
            wf.end_reached = True
    done_pks = {s.pk for s, _o in done}
    for step, outputs in done:
        members = {s.pk for s in g.members.get(step.work_order_id or 0, [])}
        for e in edges_that_fire(g.out[step.pk], outputs):
            edge = e["edge"]
            target = g.steps[edge.target_id]
            if target.pk in members and not e["rework"] and target.pk in done_pks:
                continue  # inside the work order: done in the same sitting
            if target.join == "all" and not e["rework"]:
                got = set(wf.arrivals.get(str(target.pk), [])) | {edge.pk}
                if got >= g.need[target.pk]:
                    wf.arrivals.pop(str(target.pk), None)
                    activate(ctx, target)
                else:
                    wf.arrivals[str(target.pk)] = sorted(got)
            else:
                activate(ctx, target)
    _refresh_waiting_clocks(ctx)
    open_work = WorkOrder.objects.filter(workflow=wf).open().exists()
    waiting = wf.waits.filter(status=WaitStatus.WAITING).exists()
    if wf.end_reached and not open_work and not waiting:
        wf.status = WorkflowStatus.FINISHED
        wf.finished_at = ctx.now
    wf.save(update_fields=["events", "end_reached", "arrivals", "status", "finished_at"])


def _refresh_waiting_clocks(ctx: Context) -> None:
    """Open steps and waits whose clock starts at a recorded output that now exists get their due
    moment (it never changes once set: elapsed time derives from recorded events only)."""
    steps = WorkOrderStep.objects.filter(
        work_order__workflow=ctx.wf,
        work_order__status__in=WorkOrderStatus.open_values(),
        due_at__isnull=True,
        node_spec__time_amount__isnull=False,
    ).select_related("node_spec", "work_order")
    touched: set[int] = set()
    for row in steps:
        due = ctx.due(row.node_spec)
        if due is not None:
            WorkOrderStep.objects.filter(pk=row.pk).update(due_at=due)
            touched.add(row.work_order_id)
    for wo_id in touched:
        dues = WorkOrderStep.objects.filter(work_order_id=wo_id, due_at__isnull=False)
        first = dues.order_by("due_at").values_list("due_at", flat=True).first()
        WorkOrder.objects.filter(pk=wo_id).update(due_at=first)
    for wait in ctx.wf.waits.filter(status=WaitStatus.WAITING, ends_at__isnull=True):
        ends = ctx.due(wait.node_spec, foreign=wait.foreign)
        if ends is not None:
            WorkflowWait.objects.filter(pk=wait.pk).update(ends_at=ends)
