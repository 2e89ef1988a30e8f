"""Work orders read through ``for_user`` like their case: the office of the court sees them, a
judge outside the case's unit, another court and a company user do not."""

from __future__ import annotations

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from nodes.engine.models import CaseWorkflow, WorkOrder


def test_scoping(test_case, office_a, judge_a, office_b, staff_x):
    engine.workflow_start(actor=SYSTEM, case=test_case)
    assert WorkOrder.objects.for_user(office_a).count() == 1
    assert CaseWorkflow.objects.for_user(office_a).count() == 1
    for outsider in (judge_a, office_b, staff_x):
        assert WorkOrder.objects.for_user(outsider).count() == 0
        assert CaseWorkflow.objects.for_user(outsider).count() == 0
