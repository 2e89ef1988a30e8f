"""Every arrow of the work-order lifecycle (docs/ARCHITECTURE.md §3): the allowed path, the refused
path (Conflict → 409 with a reason and the current state) and the rerun that changes nothing."""

from __future__ import annotations

import pytest

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import Conflict, ValidationFailed
from courtops.core.models import AuditEvent
from nodes.engine import services as engine
from nodes.engine.models import WorkOrder
from tests.engine.conftest import open_orders, plain_record


@pytest.fixture
def wo(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    return open_orders(wf)[0]


def _outputs(wo):
    step = wo.steps.select_related("template_step", "node_spec").get(template_step=wo.entry_step)
    return {step.template_step.step_id: plain_record(step.node_spec.outputs, wo.case.case_number)}


def _status(wo) -> str:
    return WorkOrder.objects.get(pk=wo.pk).status


def test_the_full_path_ready_assigned_in_progress_submitted_accepted(wo, office_a):
    engine.work_order_assign(actor=office_a, work_order_id=wo.pk)
    assert _status(wo) == "assigned"
    assert WorkOrder.objects.get(pk=wo.pk).assignee == office_a
    engine.work_order_start(actor=office_a, work_order_id=wo.pk)
    assert _status(wo) == "in_progress"
    engine.work_order_submit(actor=office_a, work_order_id=wo.pk, outputs=_outputs(wo))
    assert _status(wo) == "submitted"
    engine.work_order_accept(actor=office_a, work_order_id=wo.pk)
    assert _status(wo) == "accepted"
    moves = AuditEvent.objects.filter(object_id=str(wo.pk), action="transition")
    assert moves.count() == 4


def test_a_submitted_work_order_cannot_be_taken_again(wo, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_submit(actor=SYSTEM, work_order_id=wo.pk, outputs=_outputs(wo))
    with pytest.raises(Conflict) as refused:
        engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    assert refused.value.status_code == 409
    assert "已提交" in refused.value.message  # the current state, by its Chinese label
    assert _status(wo) == "submitted"


@pytest.mark.parametrize(
    "verb",
    ["start", "submit", "accept", "reject", "resume"],
)
def test_a_ready_work_order_refuses_every_step_but_assign_hold_and_cancel(wo, verb):
    kwargs = {"outputs": {}} if verb == "submit" else {"reason": "x"} if verb == "reject" else {}
    with pytest.raises(Conflict):
        getattr(engine, f"work_order_{verb}")(actor=SYSTEM, work_order_id=wo.pk, **kwargs)
    assert _status(wo) == "ready"


def test_a_ready_work_order_cannot_be_paused(wo):
    with pytest.raises(Conflict):
        engine.work_order_hold(actor=SYSTEM, work_order_id=wo.pk, reason="等待材料")


def test_a_rerun_of_a_step_already_done_changes_nothing(wo):
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    events = AuditEvent.objects.count()
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    assert _status(wo) == "assigned"
    assert AuditEvent.objects.count() == events


def test_reject_sends_the_work_back_and_start_takes_it_up_again(wo):
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_submit(actor=SYSTEM, work_order_id=wo.pk, outputs=_outputs(wo))
    with pytest.raises(ValidationFailed):
        engine.work_order_reject(actor=SYSTEM, work_order_id=wo.pk, reason=" ")
    engine.work_order_reject(actor=SYSTEM, work_order_id=wo.pk, reason="案号录错")
    assert _status(wo) == "rejected"
    with pytest.raises(Conflict):
        engine.work_order_accept(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    assert _status(wo) == "in_progress"


@pytest.mark.parametrize("paused_in", ["assigned", "in_progress"])
def test_a_pause_returns_to_the_state_it_was_paused_in(wo, paused_in):
    engine.work_order_assign(actor=SYSTEM, work_order_id=wo.pk)
    if paused_in == "in_progress":
        engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    with pytest.raises(ValidationFailed):
        engine.work_order_hold(actor=SYSTEM, work_order_id=wo.pk, reason="")
    engine.work_order_hold(actor=SYSTEM, work_order_id=wo.pk, reason="当事人申请延期")
    assert _status(wo) == "on_hold"
    with pytest.raises(Conflict):
        engine.work_order_start(actor=SYSTEM, work_order_id=wo.pk)
    engine.work_order_resume(actor=SYSTEM, work_order_id=wo.pk)
    assert _status(wo) == paused_in


@pytest.mark.parametrize("reached", ["ready", "assigned", "in_progress", "submitted", "on_hold"])
def test_any_open_work_order_can_be_cancelled_with_a_reason(wo, reached):
    steps = {
        "assigned": ["assign"],
        "in_progress": ["assign", "start"],
        "submitted": ["assign", "start", "submit"],
        "on_hold": ["assign", "hold"],
    }.get(reached, [])
    for verb in steps:
        kwargs = (
            {"outputs": _outputs(wo)}
            if verb == "submit"
            else {"reason": "暂停"}
            if verb == "hold"
            else {}
        )
        getattr(engine, f"work_order_{verb}")(actor=SYSTEM, work_order_id=wo.pk, **kwargs)
    engine.work_order_cancel(actor=SYSTEM, work_order_id=wo.pk, reason="原告撤诉")
    assert _status(wo) == "cancelled"
    event = AuditEvent.objects.filter(object_id=str(wo.pk)).order_by("pk").last()
    assert event is not None and event.reason == "原告撤诉"


def test_accepted_and_cancelled_are_final(wo):
    engine.work_order_cancel(actor=SYSTEM, work_order_id=wo.pk, reason="撤诉")
    for verb in ("assign", "start", "resume"):
        with pytest.raises(Conflict):
            getattr(engine, f"work_order_{verb}")(actor=SYSTEM, work_order_id=wo.pk)
    # a rerun of the cancellation changes nothing
    engine.work_order_cancel(actor=SYSTEM, work_order_id=wo.pk, reason="撤诉")
    assert _status(wo) == "cancelled"


def test_the_status_cannot_be_set_by_hand(wo):
    obj = WorkOrder.objects.get(pk=wo.pk)
    with pytest.raises(AttributeError):
        obj.status = "accepted"


def test_someone_outside_the_case_is_refused(wo, office_b, judge_a):
    from courtops.core.exceptions import NotFound, PermissionRefused

    with pytest.raises(NotFound):
        engine.work_order_assign(actor=office_b, work_order_id=wo.pk)
    with pytest.raises(PermissionRefused):
        engine.work_order_assign(actor=judge_a, work_order_id=wo.pk)  # not the case's unit
    assert _status(wo) == "ready"
