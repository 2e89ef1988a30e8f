"""The one validator of the standards library, plus the two checks the workflow engine uses at
run time: ``evaluate_guard`` (does an edge fire on these outputs?) and ``validate_output`` (is a
submitted output record valid for this node?).

``validate_library`` returns every problem it finds, each with its file and location; it never
stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from nodes.catalog import (
    CHECK_KEYS,
    CHOICE_KEYS,
    ERROR_KEYS,
    NODE_KEYS,
    NODE_REQUIRED,
    OUTPUT_KEYS,
    STANDARD_KEYS,
    TIME_KEYS,
    ExpansionError,
    Library,
    expand_template,
)
from nodes.choices import (
    CASE_FIELDS,
    GUARD_OPS,
    THRESHOLD_OPS,
    ChecklistKind,
    OutputType,
    PayUnit,
    Performer,
    Procedure,
    ReviewMode,
    Severity,
    StartEvent,
    TimeUnit,
)

CODE_RE = re.compile(r"^S\d\d$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
STEP_RE = re.compile(r"^[A-Za-z0-9_-]+$")
CHOICE_TYPES = (OutputType.CHOICE, OutputType.MULTI_CHOICE)
# Enum .values builds a list on every call; the validator asks ~10,000 times.
_V = {
    c.__name__: tuple(c.values)
    for c in (
        OutputType,
        Performer,
        ReviewMode,
        PayUnit,
        TimeUnit,
        StartEvent,
        ChecklistKind,
        Severity,
        Procedure,
    )
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the library: the file, where in it, and what."""

    file: str
    location: str
    message: str
    # "error": the library cannot be loaded; "warning": it loads, but `catalog validate` fails
    level: str = "error"
    # the document key at fault ("performer", "time_limit.unit" …): the Excel import names its
    # column from it
    key: str = ""

    def __str__(self) -> str:
        if self.level != "error":
            return f"{self._text()} [{self.level}]"
        return self._text()

    def _text(self) -> str:
        return (
            f"{self.file}: {self.location}: {self.message}"
            if self.location
            else (f"{self.file}: {self.message}")
        )


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(
        self, file: str, location: str, message: str, level: str = "error", *, key: str = ""
    ) -> None:
        self.problems.append(Problem(file, location, str(message), level, key))


# --- standards ---------------------------------------------------------------------------------
# What each document key is called for the people who edit standards (the Excel columns).
KEY_LABELS = {
    "code": _l("code"),
    "name": _l("name"),
    "name_en": _l("English name"),
    "performer": _l("performer"),
    "instruction": _l("instruction"),
    "inputs": _l("inputs"),
    "outputs": _l("output fields"),
    "checklist": _l("checklist"),
    "errors": _l("error codes"),
    "review": _l("review mode"),
    "sample_rate": _l("sample rate"),
    "visibility": _l("visible fields"),
    "pay_unit": _l("pay unit"),
    "non_case": _l("non-case service"),
    "time_limit": _l("time limit"),
    "number": _l("document number"),
    "board": _l("board"),
    "title": _l("title"),
    "version": _l("version"),
    "scope": _l("scope"),
    "nodes": _l("nodes"),
    "min": _l("minimum"),
    "max": _l("maximum"),
    "max_length": _l("maximum length"),
}


def _label(key: str) -> str:
    return str(KEY_LABELS.get(key, key))


def _choices(values) -> str:
    return "（" + "、".join(str(v) for v in values) + "）"


def _unknown(p: _Collector, file: str, loc: str, d: dict, allowed) -> None:
    extra = sorted(set(d) - set(allowed))
    if extra:
        p.add(file, loc, _("unknown key(s) %(keys)s") % {"keys": extra})


def _check_output(p: _Collector, file: str, loc: str, o: Any) -> None:
    if not isinstance(o, dict):
        p.add(file, loc, _("an output field must be a mapping"))
        return
    _unknown(p, file, loc, o, OUTPUT_KEYS)
    name = o.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        p.add(
            file,
            loc,
            _("output name %(v)r must be lower_snake_case (a–z, 0–9, _)") % {"v": name},
            key="name",
        )
    if not o.get("label"):
        p.add(file, loc, _("output label missing"), key="label")
    kind = o.get("type")
    if kind not in _V["OutputType"]:
        p.add(
            file,
            loc,
            _("output type %(v)r is not one of %(choices)s")
            % {"v": kind, "choices": _choices(_V["OutputType"])},
            key="type",
        )
    if kind in CHOICE_TYPES:
        choices = o.get("choices")
        if not isinstance(choices, list) or not choices:
            p.add(file, loc, _("a %(kind)s field needs choices") % {"kind": kind}, key="choices")
        else:
            values = []
            for c in choices:
                if not isinstance(c, dict) or c.get("value") in (None, "") or not c.get("label"):
                    p.add(
                        file, loc, _("choice %(v)r needs value and label") % {"v": c}, key="choices"
                    )
                    continue
                _unknown(p, file, loc, c, CHOICE_KEYS)
                values.append(str(c["value"]))
            for v, k in Counter(values).items():
                if k > 1:
                    p.add(file, loc, _("choice value %(v)r repeated") % {"v": v}, key="choices")
    elif o.get("choices"):
        p.add(file, loc, _("choices given for a %(kind)s field") % {"kind": kind}, key="choices")
    for key in ("min", "max", "max_length"):
        if key in o and not isinstance(o[key], int | float):
            p.add(file, loc, _("%(key)s must be a number") % {"key": _label(key)}, key=key)
    bounds = (o.get("min"), o.get("max"))
    if all(isinstance(b, int | float) for b in bounds) and bounds[0] > bounds[1]:
        p.add(file, loc, _("min is greater than max"), key="min")
    if "required" in o and not isinstance(o["required"], bool):
        p.add(file, loc, _("required must be true or false"), key="required")


def _check_node(p: _Collector, file: str, std_code: str, errors: set[str], n: Any, i: int) -> None:
    if not isinstance(n, dict):
        p.add(file, f"nodes[{i}]", _("a node must be a mapping"))
        return
    code = str(n.get("code", f"nodes[{i}]"))
    loc = f"node {code}"
    _unknown(p, file, loc, n, NODE_KEYS)
    missing = [
        k
        for k in NODE_REQUIRED
        if n.get(k) is None or n.get(k) == "" or (n.get(k) == [] and k != "visibility")
    ]
    if missing:
        p.add(
            file,
            loc,
            _("missing %(keys)s") % {"keys": "、".join(_label(k) for k in missing)},
            key=missing[0],
        )
    if not re.match(rf"^{re.escape(std_code)}-\d{{3}}$", code):
        p.add(
            file,
            loc,
            _("code must be %(code)s-NNN (three digits)") % {"code": std_code},
            key="code",
        )
    if n.get("performer") not in _V["Performer"]:
        p.add(
            file,
            loc,
            _("performer %(v)r is not one of %(choices)s")
            % {"v": n.get("performer"), "choices": _choices(_V["Performer"])},
            key="performer",
        )
    if n.get("review") not in _V["ReviewMode"]:
        p.add(
            file,
            loc,
            _("review %(v)r is not one of %(choices)s")
            % {"v": n.get("review"), "choices": _choices(_V["ReviewMode"])},
            key="review",
        )
    rate = n.get("sample_rate")
    if n.get("review") == ReviewMode.SAMPLED:
        if not isinstance(rate, int | float) or not 0 < rate <= 1:
            p.add(
                file,
                loc,
                _("review: sampled needs sample_rate with 0 < rate ≤ 1"),
                key="sample_rate",
            )
    elif rate is not None:
        p.add(file, loc, _("sample_rate goes with review: sampled only"), key="sample_rate")
    if n.get("pay_unit") not in _V["PayUnit"]:
        p.add(
            file,
            loc,
            _("pay_unit %(v)r is not one of %(choices)s")
            % {"v": n.get("pay_unit"), "choices": _choices(_V["PayUnit"])},
            key="pay_unit",
        )
    if "non_case" in n and not isinstance(n["non_case"], bool):
        p.add(file, loc, _("non_case must be true or false"), key="non_case")
    for key in ("inputs", "visibility"):
        values = n.get(key) or []
        if not isinstance(values, list):
            p.add(file, loc, _("%(key)s must be a list") % {"key": _label(key)}, key=key)
            continue
        for f in values:
            if f not in CASE_FIELDS:
                p.add(
                    file,
                    loc,
                    _("%(key)s: unknown field %(v)r") % {"key": _label(key), "v": f},
                    key=key,
                )
    outputs = n.get("outputs") or []
    if not isinstance(outputs, list):
        p.add(file, loc, _("outputs must be a list"))
        outputs = []
    names = []
    for o in outputs:
        _check_output(p, file, f"{loc} output {o.get('name') if isinstance(o, dict) else '?'}", o)
        if isinstance(o, dict):
            names.append(o.get("name"))
    for name, k in Counter(names).items():
        if k > 1:
            p.add(file, loc, _("output %(v)r repeated") % {"v": name})
    tl = n.get("time_limit")
    if tl is not None:
        if not isinstance(tl, dict):
            p.add(file, loc, _("time_limit must be a mapping"), key="time_amount")
        else:
            _unknown(p, file, f"{loc} time_limit", tl, TIME_KEYS)
            amount = tl.get("amount")
            if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
                p.add(
                    file,
                    f"{loc} time_limit",
                    _("amount %(v)r must be a positive integer") % {"v": amount},
                    key="time_amount",
                )
            if tl.get("unit") not in _V["TimeUnit"]:
                p.add(
                    file,
                    f"{loc} time_limit",
                    _("unit %(v)r is not one of %(choices)s")
                    % {"v": tl.get("unit"), "choices": _choices(_V["TimeUnit"])},
                    key="time_unit",
                )
            if tl.get("starts", "task_ready") not in _V["StartEvent"]:
                p.add(
                    file,
                    f"{loc} time_limit",
                    _("starts %(v)r is not a start event") % {"v": tl.get("starts")},
                    key="time_starts",
                )
    checklist = n.get("checklist") or []
    if not isinstance(checklist, list):
        p.add(file, loc, _("checklist must be a list"))
        checklist = []
    codes = []
    for c in checklist:
        if not isinstance(c, dict):
            p.add(file, loc, _("a checklist item must be a mapping"))
            continue
        cloc = f"{loc} checklist {c.get('code')}"
        _unknown(p, file, cloc, c, CHECK_KEYS)
        codes.append(c.get("code"))
        if not c.get("code") or not c.get("text"):
            p.add(file, cloc, _("checklist item needs code and text"), key="text")
        kind = c.get("kind", "pass_fail")
        if kind not in _V["ChecklistKind"]:
            p.add(
                file,
                cloc,
                _("kind %(v)r is not one of %(choices)s")
                % {"v": kind, "choices": _choices(_V["ChecklistKind"])},
                key="kind",
            )
        if kind == ChecklistKind.THRESHOLD:
            if c.get("op") not in THRESHOLD_OPS:
                p.add(
                    file,
                    cloc,
                    _("op %(v)r is not one of %(choices)s")
                    % {"v": c.get("op"), "choices": _choices(THRESHOLD_OPS)},
                    key="op",
                )
            if not isinstance(c.get("threshold"), int | float) or isinstance(
                c.get("threshold"), bool
            ):
                p.add(file, cloc, _("threshold must be a number"), key="threshold")
    for c, k in Counter(codes).items():
        if k > 1:
            p.add(file, loc, _("checklist code %(v)r repeated") % {"v": c})
    for ref in n.get("errors") or []:
        if ref not in errors:
            p.add(
                file,
                loc,
                _("error %(v)s is not in the standard's error list") % {"v": ref},
                key="errors",
            )


def validate_standard_doc(doc: Any, file: str, *, boards: set[str] | None = None) -> list[Problem]:
    """Every problem of one standard document (from a file or an Excel workbook)."""
    p = _Collector()
    if not isinstance(doc, dict):
        p.add(file, "", _("a standard file must be a mapping"))
        return p.problems
    _unknown(p, file, "", doc, STANDARD_KEYS)
    for key in ("code", "number", "board", "title", "version", "scope", "nodes"):
        if doc.get(key) in (None, "", []):
            p.add(file, "", _("%(key)s missing") % {"key": _label(key)}, key=key)
    code = str(doc.get("code", ""))
    if code and not CODE_RE.match(code):
        p.add(file, "", _("code %(v)r must be S01 … S26") % {"v": code}, key="code")
    version = doc.get("version")
    if version is not None and (
        not isinstance(version, int) or isinstance(version, bool) or version < 1
    ):
        p.add(
            file, "", _("version %(v)r must be a positive integer") % {"v": version}, key="version"
        )
    if boards is not None and doc.get("board") not in boards:
        p.add(
            file,
            "",
            _("board %(v)r is not one of the boards") % {"v": doc.get("board")},
            key="board",
        )
    errors: set[str] = set()
    for e in doc.get("errors") or []:
        if not isinstance(e, dict) or not e.get("code") or not e.get("text"):
            p.add(file, "errors", _("error %(v)r needs code and text") % {"v": e})
            continue
        _unknown(p, file, f"error {e['code']}", e, ERROR_KEYS)
        if e["code"] in errors:
            p.add(file, f"error {e['code']}", _("code repeated"), key="code")
        errors.add(e["code"])
        if e.get("severity") not in _V["Severity"]:
            p.add(
                file,
                f"error {e['code']}",
                _("severity %(v)r is not one of %(choices)s")
                % {"v": e.get("severity"), "choices": _choices(_V["Severity"])},
                key="severity",
            )
    nodes = doc.get("nodes") or []
    if not isinstance(nodes, list):
        p.add(file, "", _("nodes must be a list"))
        nodes = []
    for i, n in enumerate(nodes):
        _check_node(p, file, code, errors, n, i)
    return p.problems


# --- graphs ------------------------------------------------------------------------------------
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
        values = guard.get("values")
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
    return (field, missing) if missing else None


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
    if kind == "template" and doc.get("procedure") not in _V["Procedure"]:
        p.add(file, "", f"procedure {doc.get('procedure')!r} is not one of {_V['Procedure']}")
    ids = Counter()
    for i, s in enumerate(doc.get("steps") or []):
        if not isinstance(s, dict) or "id" not in s:
            p.add(file, f"steps[{i}]", "a step needs an id")
            continue
        sid = str(s["id"])
        ids[sid] += 1
        loc = f"step {sid}"
        if not STEP_RE.match(sid):
            p.add(file, loc, "step ids use letters, digits, _ and - only")
        _unknown(p, file, loc, s, ("id", "node", "fragment", "join", "end"))
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
        _unknown(p, file, f"edges[{i}]", e, ("from", "to", "when", "else", "rework"))
        for end in ("from", "to"):
            if str(e.get(end)) not in ids:
                p.add(
                    file,
                    f"edge {e.get('from')} → {e.get('to')}",
                    f"{end} {e.get(end)!r} is not a step",
                )


def validate_library(lib: Library, *, complete: bool = True) -> list[Problem]:
    """Every problem of the parsed library: files, vocabularies, references, duplicates and the
    graph checks of every template. ``complete`` adds the checks of a finished library: a template
    for every procedure type and every case node used by some template."""
    p = _Collector()
    for file, message in lib.read_errors:
        p.add(file, "", message)
    boards: set[str] = set()
    if lib.boards and isinstance(lib.boards.doc, list):
        for b in lib.boards.doc:
            if not isinstance(b, dict) or not b.get("code") or not b.get("name"):
                p.add(lib.boards.path, "", f"board {b!r} needs code and name")
                continue
            if b["code"] in boards:
                p.add(lib.boards.path, b["code"], "code repeated")
            boards.add(b["code"])
    elif lib.boards and lib.boards.doc is not None:
        p.add(lib.boards.path, "", "boards.yaml must be a list")
    nodes: dict[str, dict] = {}
    node_file: dict[str, str] = {}
    std_codes: dict[str, str] = {}
    instructions: dict[str, list[str]] = defaultdict(list)
    checklists: dict[tuple, list[str]] = defaultdict(list)
    for sf in lib.standards:
        if sf.doc is None:
            continue
        p.problems += validate_standard_doc(sf.doc, sf.path, boards=boards)
        if not isinstance(sf.doc, dict):
            continue
        code = str(sf.doc.get("code"))
        if code in std_codes:
            p.add(sf.path, "", f"standard {code} also in {std_codes[code]}")
        std_codes[code] = sf.path
        for n in sf.doc.get("nodes") or []:
            if not isinstance(n, dict) or "code" not in n:
                continue
            if n["code"] in nodes:
                p.add(sf.path, f"node {n['code']}", f"code also used in {node_file[n['code']]}")
            nodes[n["code"]] = n
            node_file[n["code"]] = sf.path
            instructions[" ".join(str(n.get("instruction", "")).split())].append(n["code"])
            items = tuple(
                " ".join(str(c.get("text", "")).split())
                for c in n.get("checklist") or []
                if isinstance(c, dict)
            )
            checklists[items].append(n["code"])
    for text, codes in instructions.items():
        if len(codes) > 1 and text:
            p.add(node_file[codes[0]], f"node {codes[0]}", f"same instruction as {codes[1:]}")
    for items, codes in checklists.items():
        if len(codes) > 1 and items:
            p.add(node_file[codes[0]], f"node {codes[0]}", f"same checklist as {codes[1:]}")
    fragments: dict[str, dict] = {}
    for sf in lib.fragments:
        if isinstance(sf.doc, dict) and sf.doc.get("code"):
            if sf.doc["code"] in fragments:
                p.add(sf.path, "", f"fragment {sf.doc['code']} defined twice")
            fragments[str(sf.doc["code"])] = sf.doc
    for sf in lib.fragments:
        if sf.doc is not None:
            _check_raw_graph(p, sf.path, sf.doc, "fragment", nodes, fragments)
    used: set[str] = set()
    tcodes: dict[str, str] = {}
    procedures: set[str] = set()
    for sf in lib.templates:
        if sf.doc is None:
            continue
        before = len(p.problems)
        _check_raw_graph(p, sf.path, sf.doc, "template", nodes, fragments)
        if not isinstance(sf.doc, dict):
            continue
        code = str(sf.doc.get("code"))
        if code in tcodes:
            p.add(sf.path, "", f"template {code} also in {tcodes[code]}")
        tcodes[code] = sf.path
        procedures.add(str(sf.doc.get("procedure")))
        if len(p.problems) > before:
            continue  # references broken: the graph cannot be built
        try:
            graph = expand_template(sf.doc, fragments)
        except (ExpansionError, KeyError, StopIteration) as exc:
            p.add(sf.path, "", f"cannot expand: {exc}")
            continue
        used.update(s["node"] for s in graph["steps"])
        p.problems += check_graph(sf.path, graph, nodes)
    if complete:
        for proc in _V["Procedure"]:
            if proc not in procedures:
                p.add("templates/", "", f"no template for procedure {proc}")
        for code, n in nodes.items():
            if code not in used and not n.get("non_case"):
                p.add(
                    node_file[code], f"node {code}", "not used by any template (and not non_case)"
                )
    return p.problems


# --- run-time checks ---------------------------------------------------------------------------
def evaluate_guard(guard: dict | None, outputs: dict[str, Any]) -> bool:
    """Does an edge with this guard fire on the recorded outputs of its source step? An edge
    without a guard always fires. Multi-choice values are lists: ``eq``/``in`` match any item."""
    if not guard:
        return True
    value = outputs.get(guard["field"])
    op = guard["op"]
    if op == "truthy":
        return bool(value)
    if op == "falsy":
        return not value
    items = (
        [str(v) for v in value]
        if isinstance(value, list)
        else [str(value)]
        if value is not None
        else []
    )
    if isinstance(value, bool):
        items = [str(value).lower()]
    wanted = guard.get("values") if op in ("in", "not_in") else [guard.get("value")]
    wanted = [str(w).lower() if isinstance(w, bool) else str(w) for w in wanted or []]
    hit = any(i in wanted for i in items)
    return hit if op in ("eq", "in") else not hit


def edges_that_fire(edges: list[dict], outputs: dict[str, Any]) -> list[dict]:
    """The outgoing edges (``{when, else, …}``) of one step that fire: every edge whose guard holds,
    and the ``else`` edge when no guarded sibling fired."""
    fired = [e for e in edges if not e.get("else") and evaluate_guard(e.get("when"), outputs)]
    if not any(e.get("when") for e in fired):
        fired += [e for e in edges if e.get("else")]
    return fired


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


PHONE_RE = re.compile(r"^\+?[0-9][0-9 -]{5,19}$")
TRACKING_RE = re.compile(r"^[A-Za-z0-9-]{6,40}$")
CASE_NUMBER_RE = re.compile(r"^[（(]\d{4}[）)].+\d+号$")


def _check_value(f: dict, value: Any) -> str | None:
    """The error for one present value of field ``f``, or None."""
    kind = f["type"]
    if kind in ("number", "money", "integer", "page_count", "duration_minutes"):
        number = _as_decimal(value)
        if number is None:
            return _("Enter a number.")
        if (
            kind in ("integer", "page_count", "duration_minutes")
            and number != number.to_integral_value()
        ):
            return _("Enter a whole number.")
        if kind == "page_count" and number < 0:
            return _("A page count cannot be negative.")
        if "min" in f and number < Decimal(str(f["min"])):
            return _("Must be at least %(n)s.") % {"n": f["min"]}
        if "max" in f and number > Decimal(str(f["max"])):
            return _("Must be at most %(n)s.") % {"n": f["max"]}
        return None
    if kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return _("Enter a date (YYYY-MM-DD).")
        return None
    if kind == "datetime":
        try:
            dt.datetime.fromisoformat(str(value))
        except ValueError:
            return _("Enter a date and time (YYYY-MM-DD HH:MM).")
        return None
    if kind == "boolean":
        return None if isinstance(value, bool) else _("Answer yes or no.")
    if kind == "choice":
        allowed = {c["value"] for c in f.get("choices", [])}
        return (
            None
            if str(value) in allowed
            else _("Choose one of %(c)s.") % {"c": ", ".join(sorted(allowed))}
        )
    if kind == "multi_choice":
        allowed = {c["value"] for c in f.get("choices", [])}
        if not isinstance(value, list) or not all(str(v) in allowed for v in value):
            return _("Choose among %(c)s.") % {"c": ", ".join(sorted(allowed))}
        return None
    if not isinstance(value, str):
        return _("Enter text.")
    if "max_length" in f and len(value) > f["max_length"]:
        return _("At most %(n)s characters.") % {"n": f["max_length"]}
    if kind == "phone" and not PHONE_RE.match(value):
        return _("Enter a phone number.")
    if kind == "tracking_number" and not TRACKING_RE.match(value):
        return _("Enter a tracking number (6–40 letters and digits).")
    if kind == "case_number" and not CASE_NUMBER_RE.match(value):
        return _("Enter a case number such as （2026）粤1971民初123号.")
    return None


def validate_output(fields: list[dict], data: dict[str, Any]) -> dict[str, list[str]]:
    """Check a submitted output record against a node's field list. Returns ``{field: [errors]}``
    (empty when valid); unknown fields are refused under ``__all__``."""
    errors: dict[str, list[str]] = {}
    known = {f["name"] for f in fields}
    for f in fields:
        value = data.get(f["name"])
        empty = value is None or value == "" or value == []
        if empty:
            if f.get("required", True):
                errors.setdefault(f["name"], []).append(_("This field is required."))
            continue
        message = _check_value(f, value)
        if message:
            errors.setdefault(f["name"], []).append(message)
    extra = sorted(set(data) - known)
    if extra:
        errors["__all__"] = [_("Unknown field(s): %(f)s.") % {"f": ", ".join(extra)}]
    return errors
