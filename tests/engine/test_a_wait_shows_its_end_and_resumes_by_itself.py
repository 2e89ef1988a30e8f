"""A wait on a party (``kind: wait``) shows its end, counted by the clock (the foreign period
when a party has no domicile in the PRC), and the sweep ends it when it has run: the workflow
resumes by itself; a second sweep changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from courtops.core.actors import SYSTEM
from courtops.core.clock import due_at
from nodes.engine import services as engine
from nodes.engine.clocks import end_of
from nodes.engine.models import WorkflowWait
from nodes.services import catalog_load
from tests.engine.conftest import do, open_orders, plain_record, register_case, step_ids

WAIT_LIBRARY = Path(__file__).parent / "library"


@pytest.fixture
def waiting_case(court_a, db):
    catalog_load(actor=SYSTEM, root=WAIT_LIBRARY, complete=False)
    case = register_case(court_a, 3)
    wf = engine.workflow_start(actor=SYSTEM, case=case)
    do(open_orders(wf)[0])
    for wo in open_orders(wf):
        do(wo)
    for prefix in ("service_a", "service_b"):
        post = next(o for o in open_orders(wf) if step_ids(o) == [f"{prefix}.post"])
        fields = post.steps.select_related("node_spec").get().node_spec.outputs
        do(post, {f"{prefix}.post": plain_record(fields, "", result="delivered")})
    for wo in open_orders(wf):
        do(wo)
    before = timezone.now()
    do(open_orders(wf)[0])  # schedule → the answer period
    return wf, before


def test_the_wait_ends_by_the_clock_and_the_sweep_resumes_the_workflow(waiting_case):
    wf, before = waiting_case
    assert open_orders(wf) == []
    wait = WorkflowWait.objects.get(workflow=wf)
    expected = end_of(due_at(start=before, amount=15, unit="statutory_days", court_id=wf.court_id))
    assert wait.status == "waiting" and wait.ends_at == expected and not wait.foreign
    assert engine.waits_sweep(actor=SYSTEM, now=wait.ends_at - dt.timedelta(seconds=1)) == 0
    assert engine.waits_sweep(actor=SYSTEM, now=wait.ends_at) == 1
    assert engine.waits_sweep(actor=SYSTEM, now=wait.ends_at) == 0  # a rerun changes nothing
    assert WorkflowWait.objects.get(pk=wait.pk).status == "ended"
    (close,) = open_orders(wf)
    assert step_ids(close) == ["close"]


def test_a_party_abroad_gets_the_foreign_period(court_a, db, monkeypatch):
    # The case register keeps no domicile flag yet; the engine reads ``party_abroad`` (the hook).
    monkeypatch.setattr("nodes.engine.runner.party_abroad", lambda case: True)
    catalog_load(actor=SYSTEM, root=WAIT_LIBRARY, complete=False)
    from nodes.engine.runner import Context, activate

    case = register_case(court_a, 4)
    wf = engine.workflow_start(actor=SYSTEM, case=case)
    start = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
    ctx = Context(wf, now=start)
    wait = activate(ctx, ctx.g.by_id["answer_period"])
    assert isinstance(wait, WorkflowWait) and wait.foreign
    assert wait.ends_at == end_of(
        due_at(start=start, amount=30, unit="statutory_days", court_id=wf.court_id)
    )


def test_a_period_into_a_year_without_a_holiday_schedule_has_no_due_moment_yet(court_a, db):
    catalog_load(actor=SYSTEM, root=WAIT_LIBRARY, complete=False)
    from nodes.engine.runner import Context, activate

    case = register_case(court_a, 5)
    wf = engine.workflow_start(actor=SYSTEM, case=case)
    ctx = Context(wf, now=timezone.make_aware(dt.datetime(2031, 12, 20, 10, 0)))
    wait = activate(ctx, ctx.g.by_id["answer_period"])
    assert isinstance(wait, WorkflowWait) and wait.ends_at is None
