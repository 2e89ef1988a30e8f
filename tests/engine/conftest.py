from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from courtops.core.actors import SYSTEM
from courtops.core.cases.services import case_register
from nodes.engine import services as engine
from nodes.engine.models import WorkOrder
from nodes.services import catalog_load

FIXTURE_LIBRARY = Path(__file__).parent.parent / "nodes" / "library"

SAMPLES = {
    "text": "已办理",
    "long_text": "已按规范办理。",
    "date": "2026-03-05",
    "datetime": "2026-03-05T09:00:00",
    "number": 1,
    "integer": 1,
    "money": 100,
    "boolean": True,
    "file": "scan.pdf",
    "tracking_number": "EMS1234567",
    "page_count": 3,
    "phone": "13800000000",
    "person_name": "张三",
    "address": "广东省东莞市南城街道1号",
    "duration_minutes": 30,
}


def plain_record(fields: list[dict], case_number: str, **overrides) -> dict:
    """A valid output record for a node's fields: the first choice, true, a sample value."""
    record: dict = {}
    for f in fields:
        kind = f["type"]
        if kind == "choice":
            value = f["choices"][0]["value"]
        elif kind == "multi_choice":
            value = [f["choices"][0]["value"]]
        elif kind == "case_number":
            value = case_number
        else:
            value = SAMPLES[kind]
            if "min" in f and isinstance(value, int) and value < f["min"]:
                value = f["min"]
            if isinstance(value, str) and "max_length" in f:
                value = value[: f["max_length"]]
        record[f["name"]] = value
    record.update(overrides)
    return record


def register_case(court, serial: int = 1, type_code: str = "民初"):
    return case_register(
        actor=SYSTEM,
        court=court,
        data={
            "case_number": f"（2026）{court.code}{type_code}{serial}号",
            "cause": "民间借贷纠纷",
            "filing_date": dt.date(2026, 3, 2),
        },
    )


@pytest.fixture
def fixture_library(db):
    """The small test library: intake → two mail services (guard/else, a rework loop) → an
    AND-join (schedule) → close (the end)."""
    return catalog_load(actor=SYSTEM, root=FIXTURE_LIBRARY, complete=False)


@pytest.fixture
def test_case(court_a, fixture_library):
    return register_case(court_a)


def open_orders(workflow) -> list[WorkOrder]:
    return list(WorkOrder.objects.filter(workflow=workflow).open().order_by("pk"))


def step_ids(wo: WorkOrder) -> list[str]:
    return [s.template_step.step_id for s in wo.steps.select_related("template_step")]


def do(wo: WorkOrder, outputs: dict | None = None, *, actor=SYSTEM) -> WorkOrder:
    """Assign, start, submit (plain records unless ``outputs``) and accept a work order."""
    if outputs is None:
        outputs = {
            s.template_step.step_id: plain_record(s.node_spec.outputs, wo.case.case_number)
            for s in wo.steps.select_related("template_step", "node_spec")
            if s.template_step_id == wo.entry_step_id
        }
    engine.work_order_assign(actor=actor, work_order_id=wo.pk)
    engine.work_order_start(actor=actor, work_order_id=wo.pk)
    engine.work_order_submit(actor=actor, work_order_id=wo.pk, outputs=outputs)
    return engine.work_order_accept(actor=actor, work_order_id=wo.pk)
