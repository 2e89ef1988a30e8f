"""A submission is checked against the pinned node's output fields; every error names the step and
the field, and nothing is recorded."""

from __future__ import annotations

import pytest

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import ValidationFailed
from nodes.engine import services as engine
from nodes.engine.models import WorkOrder
from tests.engine.conftest import do, open_orders, step_ids


def test_a_bad_record_is_refused_naming_step_and_field(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    do(open_orders(wf)[0])
    do(next(o for o in open_orders(wf) if step_ids(o) == ["service_a.address"]))
    post = next(o for o in open_orders(wf) if step_ids(o) == ["service_a.post"])
    engine.work_order_assign(actor=SYSTEM, work_order_id=post.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=post.pk)
    bad = {"service_a.post": {"waybill_no": "!", "pages": 0, "result": "lost"}}
    with pytest.raises(ValidationFailed) as refused:
        engine.work_order_submit(actor=SYSTEM, work_order_id=post.pk, outputs=bad)
    fields = [f for f, _m in refused.value.errors]
    assert fields == ["service_a.post.waybill_no", "service_a.post.pages", "service_a.post.result"]
    assert WorkOrder.objects.get(pk=post.pk).status == "in_progress"
    assert not post.attempts.exists()


def test_a_record_for_a_step_outside_the_work_order_is_refused(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    wo = open_orders(wf)[0]
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    with pytest.raises(ValidationFailed) as refused:
        engine.work_order_submit(
            actor=SYSTEM,
            work_order_id=wo.pk,
            outputs={"intake": {"case_no": test_case.case_number, "amount": 5}, "close": {}},
        )
    assert [f for f, _m in refused.value.errors] == ["close"]
