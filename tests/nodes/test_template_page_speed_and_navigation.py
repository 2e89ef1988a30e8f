"""The workflow template page: its drawing and step table are computed once per template version
(then served from the cache, so the page no longer loads every step's specification), the drawing
opens where the graph starts and can be zoomed and panned (a static script, no inline code), and
box titles are not cut after a few characters."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nodes import graph


def test_the_second_request_serves_the_layout_from_the_cache(fixture_library, client_for, judge_a):
    cache.clear()
    client = client_for(judge_a)
    url = reverse("nodes:template", args=["civil_test"])
    with CaptureQueriesContext(connection) as first:
        cold = client.get(url, {"expand": "all"}).content.decode()
    with CaptureQueriesContext(connection) as second:
        warm = client.get(url, {"expand": "all"}).content.decode()
    assert not any("nodes_templatestep" in q["sql"] for q in second.captured_queries)
    assert any("nodes_templatestep" in q["sql"] for q in first.captured_queries)
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", cold) == strip.sub("", warm)


def test_the_drawing_opens_at_its_start_and_can_be_zoomed(fixture_library, client_for, judge_a):
    page = client_for(judge_a).get(reverse("nodes:template", args=["civil_test"])).content.decode()
    assert re.search(r'data-start-x="\d+" data-start-y="\d+"', page)
    assert "nodes/graph.js" in page and "data-graph-zoom" in page
    assert "<script>" not in page.split("<body")[1]  # no inline script (strict CSP to come)
    assert "下一步" in page and "下一页" not in page  # the step table's header


def test_long_node_names_wrap_instead_of_being_cut():
    steps = [
        {"id": "a", "code": "S01-001", "name": "受理案件并审查起诉材料是否齐全", "join": "any"},
        {"id": "b", "code": "S01-002", "name": "短名", "join": "any", "end": True},
    ]
    edges = [{"from": "a", "to": "b", "guard": None, "else": False, "rework": False}]
    svg = graph.render_svg(steps, edges, start="a", href=lambda s: "#")
    assert "受理案件并审查起诉材料是否" in svg and "齐全" in svg
    assert "受理案件并审查起…" not in svg


def test_labels_of_a_fan_out_do_not_overlap():
    outputs = [
        {
            "name": "r",
            "label": "结果",
            "choices": [{"value": str(i), "label": f"选项{i}"} for i in range(4)],
        }
    ]
    steps = [{"id": "a", "code": "X", "name": "分支", "join": "any"}] + [
        {"id": f"t{i}", "code": "Y", "name": f"去向{i}", "join": "any"} for i in range(4)
    ]
    edges = [
        {
            "from": "a",
            "to": f"t{i}",
            "guard": {"field": "r", "op": "eq", "value": str(i)},
            "else": False,
            "rework": False,
            "outputs": outputs,
        }
        for i in range(4)
    ]
    svg = graph.render_svg(steps, edges, start="a", href=lambda s: "#")
    rects = [
        tuple(float(v) for v in m)
        for m in re.findall(
            r'<g class="edge-label"><rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"',
            svg,
        )
    ]
    assert len(rects) == 4 and "结果 = 选项2" in svg
    for i, (x, y, w, h) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert not (x < x2 + w2 and x2 < x + w and y < y2 + h2 and y2 < y + h)
