"""The run-time checks the workflow engine will use: guards on edges, output validation."""

from __future__ import annotations

from django.utils import translation

from nodes.engine import edges_that_fire, evaluate_guard, validate_output


def test_guards_evaluate_on_recorded_outputs():
    assert evaluate_guard(None, {}) is True
    assert evaluate_guard(
        {"field": "result", "op": "eq", "value": "delivered"}, {"result": "delivered"}
    )
    assert not evaluate_guard(
        {"field": "result", "op": "eq", "value": "delivered"}, {"result": "returned"}
    )
    assert evaluate_guard(
        {"field": "result", "op": "ne", "value": "delivered"}, {"result": "returned"}
    )
    guard_in = {"field": "result", "op": "in", "values": ["a", "b"]}
    assert evaluate_guard(guard_in, {"result": "b"}) and not evaluate_guard(
        guard_in, {"result": "c"}
    )
    assert evaluate_guard({"field": "result", "op": "not_in", "values": ["a"]}, {"result": "c"})
    assert evaluate_guard({"field": "ok", "op": "truthy"}, {"ok": True})
    assert evaluate_guard({"field": "ok", "op": "falsy"}, {})
    assert evaluate_guard({"field": "ok", "op": "eq", "value": False}, {"ok": False})
    assert evaluate_guard({"field": "tags", "op": "in", "values": ["x"]}, {"tags": ["y", "x"]})


def test_an_else_edge_fires_only_when_no_guarded_sibling_did():
    edges = [
        {"to": "archive", "when": {"field": "result", "op": "eq", "value": "delivered"}},
        {"to": "returned", "else": True},
        {"to": "log"},
    ]
    assert [e["to"] for e in edges_that_fire(edges, {"result": "delivered"})] == ["archive", "log"]
    assert [e["to"] for e in edges_that_fire(edges, {"result": "returned"})] == ["log", "returned"]


FIELDS = [
    {"name": "waybill_no", "label": "邮件号", "type": "tracking_number", "required": True},
    {"name": "pages", "label": "页数", "type": "page_count", "required": True, "min": 1},
    {"name": "posted_on", "label": "交邮日期", "type": "date", "required": True},
    {
        "name": "result",
        "label": "结果",
        "type": "choice",
        "required": True,
        "choices": [{"value": "posted", "label": "已交邮"}],
    },
    {"name": "note", "label": "备注", "type": "text", "required": False, "max_length": 5},
]


def test_a_valid_output_has_no_errors():
    data = {
        "waybill_no": "EMS1234567890",
        "pages": 12,
        "posted_on": "2026-03-02",
        "result": "posted",
    }
    assert validate_output(FIELDS, data) == {}


def test_each_bad_field_is_reported_by_name():
    data = {
        "waybill_no": "??",
        "pages": 0,
        "posted_on": "2026-02-30",
        "result": "lost",
        "note": "too long text",
        "colour": "red",
    }
    errors = validate_output(FIELDS, data)
    assert set(errors) == {"waybill_no", "pages", "posted_on", "result", "note", "__all__"}
    with translation.override("en"):
        assert validate_output(FIELDS, {})["pages"] == ["This field is required."]
    assert "note" not in validate_output(FIELDS, {})
