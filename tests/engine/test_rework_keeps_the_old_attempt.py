"""A submitted output is never overwritten: a rejection keeps the attempt and the rework is a new
one; a declared rework loop opens the next generation of the work order it goes back to."""

from __future__ import annotations

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from nodes.engine.models import WorkOrder
from tests.engine.conftest import do, open_orders, plain_record, step_ids


def test_a_rejected_submission_stays_beside_the_accepted_rework(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    wo = open_orders(wf)[0]
    fields = wo.steps.select_related("node_spec").get().node_spec.outputs
    first = {"intake": plain_record(fields, test_case.case_number, amount=100)}
    second = {"intake": plain_record(fields, test_case.case_number, amount=250)}
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_submit(actor=SYSTEM, work_order_id=wo.pk, outputs=first)
    engine.work_order_reject(actor=SYSTEM, work_order_id=wo.pk, reason="标的额录错")
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_submit(actor=SYSTEM, work_order_id=wo.pk, outputs=second)
    engine.work_order_accept(actor=SYSTEM, work_order_id=wo.pk)
    attempts = list(wo.attempts.order_by("number").values("number", "outputs", "outcome", "reason"))
    assert attempts == [
        {"number": 1, "outputs": first, "outcome": "rejected", "reason": "标的额录错"},
        {"number": 2, "outputs": second, "outcome": "accepted", "reason": ""},
    ]


def test_a_rework_loop_opens_the_next_generation_of_the_address_check(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    do(open_orders(wf)[0])
    address = next(o for o in open_orders(wf) if step_ids(o) == ["service_a.address"])
    do(address)
    post = next(o for o in open_orders(wf) if step_ids(o) == ["service_a.post"])
    fields = post.steps.select_related("node_spec").get().node_spec.outputs
    do(post, {"service_a.post": plain_record(fields, "", result="returned")})
    returned = next(o for o in open_orders(wf) if step_ids(o) == ["service_a.returned"])
    do(returned)  # returned → address (rework)
    runs = WorkOrder.objects.filter(workflow=wf, entry_step__step_id="service_a.address")
    assert sorted(runs.values_list("generation", "status")) == [(1, "accepted"), (2, "ready")]
    assert runs.get(generation=1).attempts.get().outcome == "accepted"  # the first run is kept
