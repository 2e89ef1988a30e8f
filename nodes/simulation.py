"""Seeded simulation of the workflow templates: walks each expanded template the way the engine
would fire its edges (nodes/library/SCHEMA.md) with drawn outputs, and finds what the static
graph checks cannot see.

* **Random runs** (``runs`` per template, seeds ``seed … seed+runs-1``, reproducible): on every
  guarded edge the outputs are drawn from the field's choices (booleans, truthy/falsy alike).
  Rework loops are bounded: once a step has run ``MAX_VISITS`` times the draw avoids its rework
  edges when some value allows it. A run must reach an end step; it fails on an AND-join that can
  no longer be satisfied (deadlock), on a step where no edge fires, or when it has not ended within
  ``MAX_STEPS`` steps (a loop with no way out).
* **The plain path** (one deterministic run): two parties, everything served the first time, no
  appeal or objection. Where a step's outgoing edges are guarded it takes the edges marked
  ``plain: true``; where none is marked, the first listed choice of each guarded field (``true``
  first for booleans) that fires an edge and no rework edge. Time on the plain path: each work
  order takes one day (its steps are done in one sitting), a wait takes its period. Every
  statutory step (a time limit with a legal ``basis``, counted from ``case_filed`` or from a
  recorded output) must become ready before its period has run out.

The findings are errors (``STRICT``); with ``STRICT = False`` they are ``Problem`` rows at level
``ADVISORY`` (printed, counted, ``catalog validate`` still passes), as they were while the
second-edition templates were being fixed; ``catalog validate --strict-simulation`` makes them
errors whatever ``STRICT`` says.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from nodes.catalog import ExpansionError, Library, expand_template, work_orders_of
from nodes.engine import edges_that_fire
from nodes.validation import Problem

# True since the second-edition templates simulate clean (0 findings over 1,000 seeds): findings
# fail `catalog validate` like any other error. False turns them back into advisories.
STRICT = True
ADVISORY = "advisory"
RUNS = 100
MAX_STEPS = 5000
MAX_VISITS = 3
# calendar days per unit on the plain-path clock
DAYS = {
    "calendar_days": 1.0,
    "statutory_days": 1.0,
    "working_days": 7 / 5,
    "hours": 1 / 24,
    "statutory_months": 30.0,
}
# start events that count *before* a date (the step is timed against the hearing or the expiry)
BEFORE_EVENTS = ("hearing_date", "expiry")


@dataclass
class Run:
    """One walk through a template."""

    template: str
    seed: int | None  # None: the plain path
    path: list[str] = field(default_factory=list)  # step ids in the order they ran
    ended: bool = False
    failure: str = ""  # why the run did not reach an end ("" when it did)
    ready_at: dict[str, float] = field(default_factory=dict)  # plain path: day each step was ready
    late: list[str] = field(default_factory=list)  # plain path: statutory steps ready too late


class _Graph:
    """An expanded template with its lookups."""

    def __init__(self, graph: dict, nodes: dict[str, dict]):
        self.code = graph["code"]
        self.graph = graph
        self.start = graph["start"]
        self.steps = {s["id"]: s for s in graph["steps"]}
        self.order = {s["id"]: i for i, s in enumerate(graph["steps"])}
        self.nodes = nodes
        self.out: dict[str, list[dict]] = defaultdict(list)
        self.need: dict[str, set[int]] = defaultdict(set)  # AND-join: incoming forward edges
        for i, e in enumerate(graph["edges"]):
            e = {**e, "_i": i}
            self.out[e["from"]].append(e)
            if not e.get("rework"):
                self.need[e["to"]].add(i)
        # step → its work order, and whether the work order starts there (is entered there)
        self.work_order: dict[str, dict] = {}
        self.entry_of: dict[str, bool] = {}
        sources: dict[str, set[str]] = defaultdict(set)
        for e in graph["edges"]:
            sources[e["to"]].add(e["from"])
        for w in work_orders_of(graph, nodes):
            members = set(w["steps"])
            for sid in w["steps"]:
                self.work_order[sid] = w
                self.entry_of[sid] = (
                    len(members) == 1 or sid == self.start or bool(sources[sid] - members)
                )
        self._fields: dict[str, list[tuple[str, list]]] = {}
        self.marked = {m for s in graph["steps"] for m in s.get("marks") or ()}

    def node(self, sid: str) -> dict:
        return self.nodes.get(self.steps[sid]["node"]) or {}

    def fields(self, sid: str) -> list[tuple[str, list]]:
        """The guarded fields of a step's outgoing edges, each with its possible values in the
        order they are listed (booleans: true, false; other types: a value, nothing)."""
        if sid in self._fields:
            return self._fields[sid]
        outputs = {o.get("name"): o for o in self.node(sid).get("outputs") or []}
        names: list[Any] = []
        for e in self.out[sid]:
            g = e.get("when")
            if isinstance(g, dict) and g.get("field") not in names:
                names.append(g.get("field"))
        result: list[tuple[str, list]] = []
        for name in names:
            o = outputs.get(name) or {}
            kind = o.get("type")
            values: list[Any]
            if kind == "choice":
                values = [str(c.get("value")) for c in o.get("choices") or []]
            elif kind == "multi_choice":
                values = [[str(c.get("value"))] for c in o.get("choices") or []]
            elif kind == "boolean":
                values = [True, False]
            else:
                values = ["x", None]
            result.append((name, values or [None]))
        self._fields[sid] = result
        return result

    def combos(self, sid: str):
        fields = self.fields(sid)
        for values in itertools.product(*(v for _n, v in fields)):
            yield dict(zip((n for n, _v in fields), values, strict=True))


# public names (tests and the engine may walk a template the way the simulation does)
TemplateGraph = _Graph


def plain_path(graph: dict, nodes: dict[str, dict]) -> tuple[_Graph, Run]:
    """The plain-path run of an expanded template (and the graph it walked, whose ``work_order``
    and ``entry_of`` say which steps open a work order)."""
    g = _Graph(graph, nodes)
    return g, walk(g, seed=None)


def _fire(g: _Graph, sid: str, outputs: dict[str, Any]) -> list[dict]:
    return edges_that_fire(g.out[sid], outputs)


def _choose(
    g: _Graph, sid: str, rng: random.Random | None, visits: int, seen: Counter
) -> list[dict]:
    """The edges a step fires: drawn (random runs) or the plain rule (``rng`` None). A step run
    again on the plain path (after a rework loop) takes the first way on to steps not run yet."""
    edges = g.out[sid]
    if not edges:
        return []
    if not any(e.get("when") or e.get("else") for e in edges):
        return list(edges)
    if rng is None:
        marked = [e for e in edges if e.get("plain")]
        if marked:
            return [e for e in edges if not e.get("when") and not e.get("else")] + [
                e for e in marked if e.get("when") or e.get("else")
            ]
        ways = [f for f in (_fire(g, sid, o) for o in g.combos(sid)) if f]
        onward = [f for f in ways if not any(e.get("rework") for e in f)]
        if visits > 1:
            fresh = [f for f in onward if not any(seen[e["to"]] for e in f)]
            onward = fresh or onward
        return (onward or ways or [[]])[0]
    if visits > MAX_VISITS:
        ways = [f for f in (_fire(g, sid, o) for o in g.combos(sid)) if f]
        out = [f for f in ways if not any(e.get("rework") for e in f)]
        if out:
            return rng.choice(out)
    outputs = {}
    for name, values in g.fields(sid):
        value = rng.choice(values)
        if isinstance(value, list):  # multi-choice: a random non-empty subset
            pool = [v[0] for v in values]
            value = rng.sample(pool, rng.randint(1, len(pool)))
        outputs[name] = value
    return _fire(g, sid, outputs)


def _days(tl: dict) -> float:
    return float(tl.get("amount") or 0) * DAYS.get(str(tl.get("unit")), 1.0)


def walk(g: _Graph, *, seed: int | None) -> Run:
    """One run: random (``seed``) or the plain path (``seed`` None)."""
    rng = random.Random(seed) if seed is not None else None  # noqa: S311 - simulation, not crypto
    run = Run(g.code, seed)
    ready: dict[str, float] = {g.start: 0.0}
    fired_into: dict[str, set[int]] = defaultdict(set)
    arrived: dict[str, float] = defaultdict(float)  # AND-join: latest arrival so far
    visits: Counter = Counter()
    done_at_node: dict[str, float] = {}  # node code → day its latest record was made
    events: dict[str, float] = {}  # named case event → day it happened (marks, filing result)
    while ready:
        if len(run.path) >= MAX_STEPS:
            loop = ", ".join(s for s, _k in visits.most_common(4))
            run.failure = f"no end within {MAX_STEPS} steps: a loop with no way out through {loop}"
            return run
        if rng is None:
            sid = min(ready, key=lambda s: (ready[s], g.order[s]))
        else:
            sid = rng.choice(sorted(ready))
        now = ready.pop(sid)
        visits[sid] += 1
        run.path.append(sid)
        node = g.node(sid)
        if rng is None:
            run.ready_at.setdefault(sid, now)
            late = _late(g, sid, node, now, done_at_node, events)
            if late:
                run.late.append(late)
        if node.get("kind") == "wait":
            done = now + _days(node.get("period") or {})
            anchor = _anchor(node.get("period") or {}, done_at_node, events)
            if anchor is not None:
                done = max(now, anchor + _days(node.get("period") or {}))
        else:
            done = now + (1.0 if g.entry_of.get(sid, True) else 0.0)
        done_at_node[g.steps[sid]["node"]] = done
        for event in g.steps[sid].get("marks") or ():
            events[event] = done
        if "case_filed" not in g.marked and _registers_filing(node):
            events.setdefault("case_filed", done)
        if g.steps[sid]["end"]:
            run.ended = True
        for e in _choose(g, sid, rng, visits[sid], visits):
            target = e["to"]
            if g.steps[target]["join"] == "all" and not e.get("rework"):
                fired_into[target].add(e["_i"])
                arrived[target] = max(arrived[target], done)
                if fired_into[target] >= g.need[target]:
                    fired_into[target] = set()
                    ready.setdefault(target, arrived.pop(target))
            else:
                ready.setdefault(target, done)
    if not run.ended:
        waiting = {t: sorted(g.need[t]) for t, got in fired_into.items() if got}
        if waiting:
            target = min(waiting, key=lambda t: g.order[t])
            edges = g.graph["edges"]
            missing = sorted(
                {edges[i]["from"] for i in g.need[target] - fired_into[target]},
                key=lambda s: g.order[s],
            )
            run.failure = (
                f"deadlock: AND-join {target} waits for {', '.join(missing)}, "
                "which can no longer fire"
            )
        else:
            run.failure = f"stopped after {run.path[-1]}: no edge fires and no end was reached"
    return run


def _registers_filing(node: dict) -> bool:
    """A step that records the filing result (立案结果登记) files the case when no step of the
    template ``marks: [case_filed]``."""
    return any(o.get("name") == "filing_result" for o in node.get("outputs") or [])


def _anchor(tl: dict, done_at_node: dict[str, float], events: dict[str, float]) -> float | None:
    """The day a clock starts: its recorded output's, its marked case event's; case_filed
    before any filing step is day 0 (the template starts at filing)."""
    starts = tl.get("starts", "task_ready")
    if isinstance(starts, dict):
        return done_at_node.get(str(starts.get("node")))
    if starts in events:
        return events[starts]
    if starts == "case_filed":
        return 0.0
    return None


def _late(g: _Graph, sid: str, node: dict, now: float, done_at_node: dict, events: dict) -> str:
    """The finding when a statutory step becomes ready after its period has run out."""
    tl = node.get("time_limit")
    if not isinstance(tl, dict) or not tl.get("basis"):
        return ""
    if tl.get("starts", "task_ready") in ("task_ready", *BEFORE_EVENTS):
        return ""
    anchor = _anchor(tl, done_at_node, events)
    if anchor is None:
        return ""
    deadline = anchor + _days(tl)
    if now <= deadline:
        return ""
    starts = tl.get("starts")
    source = (
        f"{starts.get('node')}.{starts.get('field')}" if isinstance(starts, dict) else str(starts)
    )
    return (
        f"{node.get('code')} (step {sid}) becomes ready on day {now:g}, after its period "
        f"({tl.get('amount')} {tl.get('unit')} from {source}, {tl.get('basis')}) ran out on day "
        f"{deadline:g}"
    )


# --- the library -------------------------------------------------------------------------------
def library_graphs(lib: Library) -> tuple[list[tuple[str, dict]], dict[str, dict]]:
    """``[(file, expanded graph)]`` of the templates that expand, and the nodes by code."""
    nodes = {
        n["code"]: n
        for sf in lib.standards
        if isinstance(sf.doc, dict)
        for n in sf.doc.get("nodes") or []
        if isinstance(n, dict) and "code" in n
    }
    fragments = {
        str(sf.doc["code"]): sf.doc
        for sf in lib.fragments
        if isinstance(sf.doc, dict) and sf.doc.get("code")
    }
    graphs = []
    for sf in lib.templates:
        if not isinstance(sf.doc, dict):
            continue
        try:
            graphs.append((sf.path, expand_template(sf.doc, fragments)))
        except (ExpansionError, KeyError, StopIteration, TypeError):
            continue  # the validator reports it
    return graphs, nodes


def simulate_template(
    file: str, graph: dict, nodes: dict[str, dict], *, runs: int = RUNS, seed: int = 0
) -> list[Run]:
    """The plain path first, then ``runs`` random runs with seeds ``seed …``."""
    g = _Graph(graph, nodes)
    return [walk(g, seed=None)] + [walk(g, seed=s) for s in range(seed, seed + runs)]


def findings(file: str, results: list[Run], *, strict: bool = STRICT) -> list[Problem]:
    """Problems of one template's runs: each kind of failure once, with the first seed and path
    that shows it (and how many runs failed that way); every late statutory step of the plain
    path."""
    level = "error" if strict else ADVISORY
    out: list[Problem] = []
    plain = results[0]
    if plain.failure:
        out.append(Problem(file, "plain path", f"{plain.failure}; path {_path(plain)}", level))
    for late in plain.late:
        out.append(Problem(file, "plain path", late, level))
    seen: dict[str, list[Run]] = defaultdict(list)
    for r in results[1:]:
        if r.failure:
            seen[r.failure].append(r)
    for failure, bad in seen.items():
        first = bad[0]
        out.append(
            Problem(
                file,
                f"seed {first.seed}",
                f"{failure} ({len(bad)} of {len(results) - 1} runs); path {_path(first)}",
                level,
            )
        )
    return out


def _path(run: Run, keep: int = 12) -> str:
    steps = run.path
    if len(steps) <= keep:
        return " → ".join(steps)
    return (
        " → ".join(steps[:3])
        + f" → … ({len(steps) - keep} more) … → "
        + " → ".join(steps[-(keep - 3) :])
    )


def simulate_library(
    lib: Library, *, runs: int = RUNS, seed: int = 0, strict: bool = STRICT
) -> list[Problem]:
    """The simulation findings of every template of the library."""
    graphs, nodes = library_graphs(lib)
    out: list[Problem] = []
    for file, graph in graphs:
        out += findings(
            file, simulate_template(file, graph, nodes, runs=runs, seed=seed), strict=strict
        )
    return out
