"""Edge guards are evaluated on the accepted outputs (an ``else`` edge when no guard holds); the
workflow finishes when an end was reached and no work is open."""

from __future__ import annotations

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from nodes.engine.models import CaseWorkflow
from tests.engine.conftest import do, open_orders, plain_record, step_ids


def _post(wf, prefix, result):
    post = next(o for o in open_orders(wf) if step_ids(o) == [f"{prefix}.post"])
    fields = post.steps.select_related("node_spec").get().node_spec.outputs
    do(post, {f"{prefix}.post": plain_record(fields, "", result=result)})


def test_delivered_goes_to_the_archive_and_returned_to_the_else_edge(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    do(open_orders(wf)[0])
    for wo in open_orders(wf):
        do(wo)  # both addresses
    _post(wf, "service_a", "delivered")
    _post(wf, "service_b", "returned")
    assert sorted(step_ids(o)[0] for o in open_orders(wf)) == [
        "service_a.archive",
        "service_b.returned",
    ]


def test_the_workflow_finishes_when_the_end_is_accepted_and_nothing_is_open(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    do(open_orders(wf)[0])
    for wo in open_orders(wf):
        do(wo)
    for prefix in ("service_a", "service_b"):
        _post(wf, prefix, "delivered")
    for wo in open_orders(wf):
        do(wo)  # archives
    do(open_orders(wf)[0])  # schedule
    wf.refresh_from_db()
    assert wf.status == "running" and not wf.end_reached
    (close,) = open_orders(wf)
    assert step_ids(close) == ["close"]
    do(close)
    wf = CaseWorkflow.objects.get(pk=wf.pk)
    assert wf.end_reached and wf.status == "finished" and wf.finished_at is not None
    assert open_orders(wf) == []


def test_starting_twice_keeps_the_running_workflow(test_case):
    first = engine.workflow_start(actor=SYSTEM, case=test_case)
    assert engine.workflow_start(actor=SYSTEM, case=test_case) == first
    assert len(open_orders(first)) == 1
