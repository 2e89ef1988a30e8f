"""Validation of workflow graphs: guards, coverage of choice outputs, reachability, rework edges."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from typing import Any

from nodes import library_format as fmt
from nodes.catalog import EDGE_KEYS, FRAGMENT_KEYS, TEMPLATE_KEYS
from nodes.choices import (
    GUARD_OPS,
    OutputType,
)
from nodes.validation._common import (
    _V,
    CHOICE_TYPES,
    STEP_RE,
    Problem,
    _Collector,
    _unknown,
)


def _check_guard(p: _Collector, file: str, loc: str, guard: Any, node: dict | None) -> None:
    if not isinstance(guard, dict):
        p.add(file, loc, "when must be a mapping {field, op, value(s)}")
        return
    field, op = guard.get("field"), guard.get("op")
    if op not in GUARD_OPS:
        p.add(file, loc, f"guard op {op!r} is not one of {list(GUARD_OPS)}")
        return
    if node is None:
        return
    out = next(
        (o for o in node.get("outputs") or [] if isinstance(o, dict) and o.get("name") == field),
        None,
    )
    if out is None:
        p.add(file, loc, f"guard field {field!r} is not an output of {node.get('code')}")
        return
    if op in ("eq", "ne"):
        if "value" not in guard:
            p.add(file, loc, f"guard op {op} needs value")
            return
        values = [guard["value"]]
    elif op in ("in", "not_in"):
        values = guard.get("values")  # type: ignore[assignment]  # checked on the next line
        if not isinstance(values, list) or not values:
            p.add(file, loc, f"guard op {op} needs a list of values")
            return
    else:
        return
    kind = out.get("type")
    if kind in CHOICE_TYPES:
        possible = {str(c.get("value")) for c in out.get("choices") or [] if isinstance(c, dict)}
        for v in values:
            if str(v) not in possible:
                p.add(
                    file,
                    loc,
                    f"guard value {v!r} cannot occur in {node.get('code')}.{field} (choices {sorted(possible)})",
                )
    elif kind == OutputType.BOOLEAN:
        for v in values:
            if not isinstance(v, bool):
                p.add(file, loc, f"guard value {v!r} must be true or false for boolean {field}")


def _uncovered(edges: list[dict], node: dict | None) -> tuple[str, list[str]] | None:
    """When every outgoing edge is guarded on one choice/boolean field, the values of that field
    on which no edge fires (the path would stop there): ``(field, values)`` or None."""
    if node is None or not edges:
        return None
    if any(e["else"] or not e.get("when") for e in edges):
        return None
    guards = [e["when"] for e in edges if isinstance(e["when"], dict)]
    fields = {g.get("field") for g in guards}
    if len(guards) != len(edges) or len(fields) != 1:
        return None
    field = fields.pop()
    out = next(
        (o for o in node.get("outputs") or [] if isinstance(o, dict) and o.get("name") == field),
        None,
    )
    if out is None:
        return None
    if out.get("type") == OutputType.CHOICE:
        universe = {str(c.get("value")) for c in out.get("choices") or [] if isinstance(c, dict)}
    elif out.get("type") == OutputType.BOOLEAN:
        universe = {"true", "false"}
    else:
        return None

    def norm(v) -> str:
        return str(v).lower() if isinstance(v, bool) else str(v)

    covered: set[str] = set()
    for g in guards:
        op = g.get("op")
        if op == "eq":
            covered.add(norm(g.get("value")))
        elif op == "in":
            covered |= {norm(v) for v in g.get("values") or []}
        elif op == "ne":
            covered |= universe - {norm(g.get("value"))}
        elif op == "not_in":
            covered |= universe - {norm(v) for v in g.get("values") or []}
        elif op == "truthy":
            covered |= {"true"} if out.get("type") == OutputType.BOOLEAN else universe
        elif op == "falsy":
            covered.add("false")
    missing = sorted(universe - covered)
    return (field, missing) if missing else None  # type: ignore[return-value]


def check_graph(file: str, graph: dict, nodes: dict[str, dict]) -> list[Problem]:
    """Graph checks of an expanded template: reachability from the start, an end reachable from
    every step, no cycle except through declared rework edges, guards on real fields and values."""
    p = _Collector()
    steps = {s["id"]: s for s in graph["steps"]}
    out_edges: dict[str, list[dict]] = defaultdict(list)
    in_count: Counter = Counter()
    for e in graph["edges"]:
        out_edges[e["from"]].append(e)
        in_count[e["to"]] += 1
    ends = [s for s in steps if steps[s]["end"]]
    if not ends:
        p.add(file, "", "no end step")
    for sid, s in steps.items():
        if s["node"] not in nodes:
            p.add(file, f"step {sid}", f"node {s['node']} does not exist")
        if s["end"] and out_edges.get(sid):
            p.add(file, f"step {sid}", "an end step has outgoing edges")
        if s["join"] not in ("any", "all"):
            p.add(file, f"step {sid}", f"join {s['join']!r} must be any or all")
        if s["join"] == "all" and in_count[sid] < 2:
            p.add(file, f"step {sid}", "an AND-join needs at least two incoming edges")
    for sid, edges in out_edges.items():
        gap = _uncovered(edges, nodes.get(steps.get(sid, {}).get("node")))
        if gap:
            field, values = gap
            p.add(
                file,
                f"step {sid}",
                f"no edge fires when {field} is {values}: add an edge, an else edge, or a guard",
                "warning",
            )
        elses = [e for e in edges if e["else"]]
        if len(elses) > 1:
            p.add(file, f"step {sid}", "more than one else edge")
        if elses and not any(e.get("when") for e in edges):
            p.add(file, f"step {sid}", "an else edge without guarded siblings")
        for e in edges:
            loc = f"edge {e['from']} → {e['to']}"
            if e.get("when") is not None:
                if e["else"]:
                    p.add(file, loc, "an edge cannot have both when and else")
                _check_guard(p, file, loc, e["when"], nodes.get(steps.get(sid, {}).get("node")))
    start = graph["start"]
    # reachable from start (all edges)
    seen = {start}
    queue = deque([start])
    while queue:
        for e in out_edges.get(queue.popleft(), []):
            if e["to"] not in seen:
                seen.add(e["to"])
                queue.append(e["to"])
    for sid in steps:
        if sid not in seen:
            p.add(file, f"step {sid}", "not reachable from the start")
    # an end reachable from every step (reverse search from the ends)
    rev: dict[str, list[str]] = defaultdict(list)
    for e in graph["edges"]:
        rev[e["to"]].append(e["from"])
    back = set(ends)
    queue = deque(ends)
    while queue:
        for src in rev.get(queue.popleft(), []):
            if src not in back:
                back.add(src)
                queue.append(src)
    for sid in steps:
        if sid not in back:
            p.add(file, f"step {sid}", "no end step can be reached from here")
    # no cycle without rework edges (Kahn on forward edges)
    forward = [e for e in graph["edges"] if not e["rework"]]
    indeg = Counter(e["to"] for e in forward)
    succ: dict[str, list[str]] = defaultdict(list)
    for e in forward:
        succ[e["from"]].append(e["to"])
    queue = deque(s for s in steps if indeg[s] == 0)
    order = []
    while queue:
        s = queue.popleft()
        order.append(s)
        for t in succ[s]:
            indeg[t] -= 1
            if indeg[t] == 0:
                queue.append(t)
    if len(order) < len(steps):
        stuck = sorted(set(steps) - set(order))[:6]
        p.add(file, "", f"a cycle not declared as rework passes through {stuck}")
    else:
        # a rework edge must go back: its target must reach its source on forward edges
        rank = {s: i for i, s in enumerate(order)}
        for e in graph["edges"]:
            if e["rework"] and rank.get(e["to"], 0) > rank.get(e["from"], 0):
                p.add(file, f"edge {e['from']} → {e['to']}", "a rework edge that does not go back")
    return p.problems


def _check_raw_graph(
    p: _Collector, file: str, doc: Any, kind: str, nodes: dict, fragments: dict
) -> None:
    """Reference checks on a fragment or template file before expansion."""
    if not isinstance(doc, dict):
        p.add(file, "", f"a {kind} file must be a mapping")
        return
    for key in ("code", "name", "steps", "edges") + (
        ("entry", "exit") if kind == "fragment" else ("procedure", "start")
    ):
        if doc.get(key) in (None, "", []) and not (key == "edges" and kind == "fragment"):
            p.add(file, "", f"{key} missing")
    fmt.check_header(p.add, file, doc, kind, TEMPLATE_KEYS if kind == "template" else FRAGMENT_KEYS)
    fmt.check_raw_work_orders(p.add, file, doc)
    if kind == "template" and doc.get("procedure") not in _V["Procedure"]:
        p.add(file, "", f"procedure {doc.get('procedure')!r} is not one of {_V['Procedure']}")
    ids: Counter[str] = Counter()
    for i, s in enumerate(doc.get("steps") or []):
        if not isinstance(s, dict) or "id" not in s:
            p.add(file, f"steps[{i}]", "a step needs an id")
            continue
        sid = str(s["id"])
        ids[sid] += 1
        loc = f"step {sid}"
        if not STEP_RE.match(sid):
            p.add(file, loc, "step ids use letters, digits, _ and - only")
        _unknown(p, file, loc, s, ("id", "node", "fragment", "join", "end", "marks"))
        fmt.check_marks(p.add, file, loc, s)
        if ("node" in s) == ("fragment" in s):
            p.add(file, loc, "a step has either node or fragment")
        if "node" in s and s["node"] not in nodes:
            p.add(file, loc, f"node {s['node']} does not exist")
        if "fragment" in s and s["fragment"] not in fragments:
            p.add(file, loc, f"fragment {s['fragment']} does not exist")
        if s.get("join", "any") not in ("any", "all"):
            p.add(file, loc, f"join {s.get('join')!r} must be any or all")
    for sid, k in ids.items():
        if k > 1:
            p.add(file, f"step {sid}", "id repeated")
    for key in ("entry", "exit", "start"):
        if doc.get(key) is not None and str(doc[key]) not in ids:
            p.add(file, "", f"{key} {doc[key]!r} is not a step")
    for i, e in enumerate(doc.get("edges") or []):
        if not isinstance(e, dict):
            p.add(file, f"edges[{i}]", "an edge must be a mapping")
            continue
        _unknown(p, file, f"edges[{i}]", e, EDGE_KEYS)
        for flag in ("else", "rework", "plain"):
            if flag in e and not isinstance(e[flag], bool):
                p.add(file, f"edges[{i}]", f"{flag} must be true or false")
        for end in ("from", "to"):
            if str(e.get(end)) not in ids:
                p.add(
                    file,
                    f"edge {e.get('from')} → {e.get('to')}",
                    f"{end} {e.get(end)!r} is not a step",
                )
