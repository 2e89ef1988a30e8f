"""The enforcement template runs the paths the Civil Procedure Law opens: money deducted by the
network inquiry is paid out without custody or auction, a debtor who pays after the notice is paid
out and closed, an objection (CPL 236) and a settlement (CPL 241) are open after every stage, the
post-termination re-inquiry ends with the five-year window, and restoration (执恢) is a new linked
case that does not loop back into this instance."""

from __future__ import annotations

import random
from collections import deque

import pytest

from nodes.catalog import expand_template, read_library

STAGES = (
    "inquiry",
    "field",
    "custody",
    "auction",
    "money",
    "blacklist",
    "objection",
    "settlement",
    "termination",
)


@pytest.fixture(scope="module")
def graph():
    lib = read_library()
    fragments = {f.doc["code"]: f.doc for f in lib.fragments}
    template = next(t.doc for t in lib.templates if t.doc["code"] == "enforcement")
    return expand_template(template, fragments)


def _stage(step_id: str) -> str:
    return step_id.split(".", 1)[0]


def _entry(graph, stage: str) -> str:
    """The expanded id a template edge into ``stage`` lands on."""
    targets = {e["to"] for e in graph["edges"] if _stage(e["to"]) == stage}
    outside = {
        e["to"] for e in graph["edges"] if _stage(e["to"]) == stage and _stage(e["from"]) != stage
    }
    (entry,) = outside or targets
    return entry


def _exits(graph, stage: str) -> set[str]:
    return {
        e["from"] for e in graph["edges"] if _stage(e["from"]) == stage and _stage(e["to"]) != stage
    }


def _reachable(graph, start: str, avoid: set[str] = frozenset(), when=None) -> set[str]:
    """Steps reachable from ``start`` without entering a stage in ``avoid``; ``when`` keeps
    only the edges (from ``start``) whose guard it accepts."""
    seen, queue = {start}, deque([start])
    while queue:
        here = queue.popleft()
        for e in graph["edges"]:
            if e["from"] != here or e["to"] in seen or _stage(e["to"]) in avoid:
                continue
            if here == start and when is not None and not when(e.get("when")):
                continue
            seen.add(e["to"])
            queue.append(e["to"])
    return seen


def test_money_deducted_by_the_network_inquiry_goes_to_payout_without_custody_or_auction(graph):
    (exit_,) = _exits(graph, "inquiry")
    deducted = [
        e
        for e in graph["edges"]
        if e["from"] == exit_ and (e.get("when") or {}).get("value") == "deducted"
    ]
    assert [e["to"] for e in deducted] == [_entry(graph, "money")]
    reach = _reachable(graph, _entry(graph, "money"), avoid={"custody", "auction", "inquiry"})
    assert _entry(graph, "termination") in reach


def test_a_debtor_who_pays_after_the_notice_is_paid_out_and_the_case_closed(graph):
    reach = _reachable(
        graph,
        "progress",
        avoid={"inquiry", "field", "custody", "auction", "blacklist"},
        when=lambda w: (w or {}).get("value") == "payout",
    )
    assert _entry(graph, "money") in reach
    assert _entry(graph, "closing") in reach


@pytest.mark.parametrize("stage", [s for s in STAGES if s not in ("objection", "termination")])
def test_an_objection_and_a_settlement_are_open_after_every_stage(graph, stage):
    for exit_ in _exits(graph, stage):
        reach = _reachable(graph, exit_, avoid=set(STAGES) - {"objection", "settlement"})
        if "progress" not in reach:
            continue  # this exit leaves for payout or closing, the others come back
        assert _entry(graph, "objection") in reach
        assert _entry(graph, "settlement") in reach
    assert any("progress" in _reachable(graph, x) for x in _exits(graph, stage))


def test_the_periodic_re_inquiry_ends_with_the_five_year_window(graph):
    (exit_,) = _exits(graph, "reinquiry")
    ends = {s["id"] for s in graph["steps"] if s["end"]}
    window = [
        e["to"]
        for e in graph["edges"]
        if e["from"] == exit_ and (e.get("when") or {}).get("value") == "window_ended"
    ]
    assert window and set(window) <= ends


def test_restoration_is_a_new_linked_case_and_never_re_enters_this_instance(graph):
    reach = _reachable(graph, _entry(graph, "restoration"))
    archiving = {s["id"] for s in graph["steps"] if _stage(s["id"]) == "archiving"}
    assert not reach & archiving
    assert "progress" not in reach
    assert _entry(graph, "inquiry") not in reach


def _random_run(graph, nodes, rng, cap=5000):
    """Fire the graph with random recorded outputs; returns (finished, joins left waiting)."""
    by_id = {s["id"]: s for s in graph["steps"]}
    incoming: dict[str, set[int]] = {}
    for i, e in enumerate(graph["edges"]):
        if not e["rework"]:
            incoming.setdefault(e["to"], set()).add(i)
    ready, arrived, fired_steps = [graph["start"]], {}, 0
    while ready and fired_steps < cap:
        step = by_id[ready.pop(rng.randrange(len(ready)))]
        fired_steps += 1
        out = {}
        for o in nodes[step["node"]]["outputs"]:
            if o["type"] == "choice":
                out[o["name"]] = rng.choice([c["value"] for c in o["choices"]])
            elif o["type"] == "boolean":
                out[o["name"]] = rng.random() < 0.5
        edges = [(i, e) for i, e in enumerate(graph["edges"]) if e["from"] == step["id"]]
        fire = [(i, e) for i, e in edges if not e["else"] and _fires(e.get("when"), out)]
        fire = fire or [(i, e) for i, e in edges if e["else"]]
        assert fire or step["end"], f"{step['id']} has no edge for {out}"
        for i, e in fire:
            target = by_id[e["to"]]
            if target["join"] == "all":
                got = arrived.setdefault(target["id"], set())
                got.add(i)
                if got >= incoming[target["id"]]:
                    got.clear()
                    ready.append(target["id"])
            else:
                ready.append(target["id"])
    return not ready, [k for k, v in arrived.items() if v]


def _fires(when, out) -> bool:
    if not when:
        return True
    value = out.get(when["field"])
    return {
        "eq": lambda: value == when.get("value"),
        "ne": lambda: value != when.get("value"),
        "in": lambda: value in when["values"],
        "not_in": lambda: value not in when["values"],
        "truthy": lambda: bool(value),
        "falsy": lambda: not value,
    }[when["op"]]()


@pytest.mark.parametrize("code", ["enforcement", "preservation"])
def test_random_runs_all_end_and_no_and_join_is_left_waiting(code):
    lib = read_library()
    fragments = {f.doc["code"]: f.doc for f in lib.fragments}
    nodes = {n["code"]: n for s in lib.standards for n in s.doc["nodes"]}
    template = next(t.doc for t in lib.templates if t.doc["code"] == code)
    graph = expand_template(template, fragments)
    for seed in range(200):
        finished, waiting = _random_run(graph, nodes, random.Random(seed))
        assert finished, (code, seed)
        assert waiting == [], (code, seed)
