"""Each work order and step is due by its pinned node's time limit, counted by the one clock from
its start event: the moment it became ready (task_ready) or the case's filing date
(case_filed); a node without a time limit has no due time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from courtops.core.actors import SYSTEM
from courtops.core.clock import due_at
from nodes.engine import services as engine
from nodes.engine.clocks import end_of
from tests.engine.conftest import do, open_orders, step_ids


def test_task_ready_and_case_filed_clocks(test_case):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    (intake,) = open_orders(wf)
    assert intake.due_at is None  # S02-001 has no time limit
    before = timezone.now()
    do(intake)
    address = next(o for o in open_orders(wf) if step_ids(o) == ["service_a.address"])
    # S01-001: 1 working day from the moment it became ready
    expected = end_of(due_at(start=before, amount=1, unit="working_days", court_id=wf.court_id))
    assert address.due_at == expected
    assert address.steps.get().due_at == expected
    do(address)
    post = next(o for o in open_orders(wf) if step_ids(o) == ["service_a.post"])
    # S01-002: 3 statutory days from the filing date (2026-03-02) → 2026-03-05, a Thursday
    assert timezone.localtime(post.due_at).date() == dt.date(2026, 3, 5)
