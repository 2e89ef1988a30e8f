"""The schedule step (``join: all``) opens only when both mail services have been accepted, and
only once."""

from __future__ import annotations

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from nodes.engine.models import WorkOrder
from tests.engine.conftest import do, open_orders, plain_record, step_ids


def _serve(wo, *, result="delivered"):
    """address → post (delivered) → archive: each its own work order."""
    do(wo)
    wf = wo.workflow
    prefix = step_ids(wo)[0].split(".")[0]
    post = next(o for o in open_orders(wf) if step_ids(o) == [f"{prefix}.post"])
    step = post.steps.select_related("node_spec").get()
    do(post, {f"{prefix}.post": plain_record(step.node_spec.outputs, "", result=result)})
    archive = next(o for o in open_orders(wf) if step_ids(o) == [f"{prefix}.archive"])
    do(archive)


def test_the_join_opens_when_the_last_branch_is_accepted(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    do(open_orders(wf)[0])  # intake
    a, b = open_orders(wf)
    assert (step_ids(a), step_ids(b)) == (["service_a.address"], ["service_b.address"])
    _serve(a)
    assert open_orders(wf) == [b]  # schedule waits for service_b
    _serve(b)
    (schedule,) = open_orders(wf)
    assert step_ids(schedule) == ["schedule"]
    assert WorkOrder.objects.filter(workflow=wf, entry_step__step_id="schedule").count() == 1
