"""The graph checks: reachability, an end from everywhere, cycles only through rework edges,
guards on real fields and values."""

from __future__ import annotations

from nodes.validation import check_graph

NODES = {
    "A-001": {
        "code": "A-001",
        "outputs": [
            {"name": "result", "type": "choice", "choices": [{"value": "ok"}, {"value": "bad"}]},
            {"name": "done", "type": "boolean"},
        ],
    },
    "A-002": {"code": "A-002", "outputs": []},
    "A-003": {"code": "A-003", "outputs": []},
}


def _graph(steps, edges, start="a"):
    return {
        "start": start,
        "steps": [
            {"id": s, "node": n, "join": j, "end": e, "fragment": ""} for s, n, j, e in steps
        ],
        "edges": [
            {"from": f, "to": t, "when": w, "else": False, "rework": r} for f, t, w, r in edges
        ],
    }


def _messages(graph):
    return [p.message for p in check_graph("t.yaml", graph, NODES)]


def test_a_sound_graph_with_a_rework_loop_passes():
    g = _graph(
        [("a", "A-001", "any", False), ("b", "A-002", "any", False), ("c", "A-003", "any", True)],
        [
            ("a", "c", {"field": "result", "op": "eq", "value": "ok"}, False),
            ("a", "b", {"field": "result", "op": "eq", "value": "bad"}, False),
            ("b", "a", None, True),
        ],
    )
    assert _messages(g) == []


def test_every_broken_rule_is_reported():
    g = _graph(
        [
            ("a", "A-001", "any", False),
            ("b", "A-002", "any", False),
            ("c", "A-003", "any", False),
            ("d", "A-002", "all", True),
            ("x", "A-003", "any", False),
        ],
        [
            ("a", "b", {"field": "colour", "op": "eq", "value": "red"}, False),
            ("a", "c", {"field": "result", "op": "in", "values": ["ok", "maybe"]}, False),
            ("b", "c", None, False),
            ("c", "b", None, False),
            ("a", "d", {"field": "done", "op": "eq", "value": "yes"}, False),
        ],
    )
    text = "\n".join(_messages(g))
    assert "guard field 'colour' is not an output" in text
    assert "'maybe' cannot occur" in text
    assert "must be true or false" in text
    assert "not reachable from the start" in text  # x
    assert "no end step can be reached" in text  # b, c, x
    assert "cycle not declared as rework" in text
    assert "AND-join needs at least two incoming edges" in text


def test_a_choice_on_which_no_edge_fires_is_a_warning():
    g = _graph(
        [("a", "A-001", "any", False), ("c", "A-003", "any", True)],
        [("a", "c", {"field": "result", "op": "eq", "value": "ok"}, False)],
    )
    problems = check_graph("t.yaml", g, NODES)
    assert [(p.level, p.message) for p in problems] == [
        (
            "warning",
            "no edge fires when result is ['bad']: add an edge, an else edge, or a guard",
        )
    ]
    covered = _graph(
        [("a", "A-001", "any", False), ("c", "A-003", "any", True)],
        [
            ("a", "c", {"field": "result", "op": "eq", "value": "ok"}, False),
            ("a", "c", {"field": "result", "op": "ne", "value": "ok"}, False),
        ],
    )
    assert check_graph("t.yaml", covered, NODES) == []
