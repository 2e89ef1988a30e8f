"""Two accepts at once on PostgreSQL: the workflow row lock serializes the advancing, so the
AND-join opens exactly once (neither both miss it nor both create it), and a double accept of one
work order advances once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from nodes.engine.models import WorkOrder
from tests.engine.conftest import do, open_orders, plain_record, step_ids


def _submit(wo, outputs=None):
    step = wo.steps.select_related("template_step", "node_spec").get()
    outputs = outputs or {
        step.template_step.step_id: plain_record(step.node_spec.outputs, wo.case.case_number)
    }
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_submit(actor=SYSTEM, work_order_id=wo.pk, outputs=outputs)


def _both_archives_submitted(case):
    wf = engine.workflow_start(actor=SYSTEM, case=case)
    do(open_orders(wf)[0])
    for wo in open_orders(wf):
        do(wo)
    for prefix in ("service_a", "service_b"):
        post = next(o for o in open_orders(wf) if step_ids(o) == [f"{prefix}.post"])
        fields = post.steps.select_related("node_spec").get().node_spec.outputs
        do(post, {f"{prefix}.post": plain_record(fields, "", result="delivered")})
    archives = open_orders(wf)
    for wo in archives:
        _submit(wo)
    return wf, archives


def _race(ids: list[int]) -> list[BaseException]:
    barrier = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def accept(pk: int) -> None:
        try:
            barrier.wait(10)
            engine.work_order_accept(actor=SYSTEM, work_order_id=pk)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(pk,)) for pk in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_branches_accepted_at_once_open_the_join_once(test_case):
    wf, archives = _both_archives_submitted(test_case)
    assert _race([wo.pk for wo in archives]) == []
    schedule = WorkOrder.objects.filter(workflow=wf, entry_step__step_id="schedule")
    assert schedule.count() == 1
    assert schedule.get().status == "ready"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_work_order_accepted_twice_at_once_advances_once(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    intake = open_orders(wf)[0]
    _submit(intake)
    assert _race([intake.pk, intake.pk]) == []  # the second is a rerun that changes nothing
    assert WorkOrder.objects.get(pk=intake.pk).status == "accepted"
    assert sorted(step_ids(o)[0] for o in open_orders(wf)) == [
        "service_a.address",
        "service_b.address",
    ]
