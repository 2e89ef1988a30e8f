"""A plain civil first-instance case (普通程序), driven from its start to an end through the
services by accepting every work order with plain outputs (the simulation's plain-path choice
rule) and ending every wait: it creates exactly as many work orders as ``catalog stats`` counts
on the plain path, every wait shows its end, and the workflow finishes."""

from __future__ import annotations

from collections import Counter

import pytest

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from nodes.engine.models import CaseWorkflow, WorkflowWait, WorkOrder
from nodes.models import NodeSpec
from nodes.selectors import spec_to_doc
from nodes.services import catalog_load
from nodes.services.catalog import template_graph_of
from nodes.simulation import _choose, _fire, plain_path
from nodes.workload import plain_path_load
from tests.engine.conftest import plain_record, register_case


@pytest.fixture
def shipped_library(db):
    return catalog_load(actor=SYSTEM)


def _plain_outputs(g, sid: str, visits: Counter, fields: list[dict], case_number: str) -> dict:
    """Outputs that fire exactly the edges the plain path takes at ``sid``."""
    visits[sid] += 1
    chosen = {e["_i"] for e in _choose(g, sid, None, visits[sid], visits)}
    record = plain_record(fields, case_number)
    for combo in g.combos(sid):
        if {e["_i"] for e in _fire(g, sid, combo)} == chosen:
            for name, value in combo.items():
                if value is None:
                    record.pop(name, None)
                else:
                    record[name] = value
            break
    return record, chosen


def _drive_work_order(g, wo: WorkOrder, visits: Counter) -> None:
    members = {
        s.template_step.step_id: s.node_spec
        for s in wo.steps.select_related("template_step", "node_spec")
    }
    outputs: dict[str, dict] = {}
    queue = [wo.entry_step.step_id]
    while queue:
        sid = queue.pop(0)
        record, chosen = _plain_outputs(g, sid, visits, members[sid].outputs, wo.case.case_number)
        outputs[sid] = record
        edges = g.graph["edges"]
        for i in sorted(chosen):
            target = edges[i]["to"]
            if target in members and target not in outputs and not edges[i].get("rework"):
                queue.append(target)
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_submit(actor=SYSTEM, work_order_id=wo.pk, outputs=outputs)
    engine.work_order_accept(actor=SYSTEM, work_order_id=wo.pk)


def test_the_plain_path_creates_the_counted_work_orders_and_finishes(shipped_library, court_a):
    case = register_case(court_a, 7)
    wf = engine.workflow_start(actor=SYSTEM, case=case)
    assert wf.template_version.template.code == "civil_ordinary"
    graph = template_graph_of(wf.template_version)
    nodes = {s.code: spec_to_doc(s) for s in NodeSpec.objects.published()}
    g, run = plain_path(graph, nodes)
    assert run.ended
    expected = plain_path_load(graph, nodes)["plain_path_work_orders"]
    order = {sid: i for i, sid in enumerate(g.order)}
    visits: Counter = Counter()
    waits_seen = 0
    for _round in range(2000):
        orders = list(WorkOrder.objects.filter(workflow=wf).open().select_related("entry_step"))
        waits = list(
            WorkflowWait.objects.filter(workflow=wf, status="waiting").select_related(
                "step", "node_spec"
            )
        )
        if not orders and not waits:
            break
        items = [(order[o.entry_step.step_id], "wo", o) for o in orders] + [
            (order[w.step.step_id], "wait", w) for w in waits
        ]
        _pos, kind, item = min(items, key=lambda t: t[0])
        if kind == "wo":
            _drive_work_order(g, item, visits)
        else:
            waits_seen += 1
            assert item.ends_at is not None or item.node_spec.time_starts not in (
                "task_ready",
                "output",
            )
            record, _chosen = _plain_outputs(
                g, item.step.step_id, visits, item.node_spec.outputs, case.case_number
            )
            engine.wait_end(actor=SYSTEM, wait_id=item.pk, outputs=record)
    wf = CaseWorkflow.objects.get(pk=wf.pk)
    assert wf.status == "finished" and wf.end_reached
    assert WorkOrder.objects.filter(workflow=wf).count() == expected
    assert waits_seen == sum(1 for sid in run.path if g.node(sid).get("kind") == "wait")
    assert WorkOrder.objects.filter(workflow=wf, due_at__isnull=False).exists()
