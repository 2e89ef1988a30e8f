"""Checks of the second-edition library format (nodes/library/SCHEMA.md): waits and clocks
anchored to legal events on nodes, court levels and work orders on templates and fragments.

The one validator (``validate_library``) calls these; each takes ``add(file, location, message,
level="error")`` so it does not depend on how the validator collects its problems.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from courtops.core.choices import CourtLevel
from courtops.core.clock import TimeUnit
from nodes.catalog import (
    FOREIGN_KEYS,
    START_REF_KEYS,
    TIME_KEYS,
    WAIT_REQUIRED,
    WORK_ORDER_KEYS,
)
from nodes.choices import NodeKind, PayUnit, ReviewMode, StartEvent

Add = Callable[..., None]
DATE_TYPES = ("date", "datetime")
# keys a wait may carry besides WAIT_REQUIRED (what it shows, what is recorded when it ends)
WAIT_KEYS = (
    *WAIT_REQUIRED,
    "name_en",
    "instruction",
    "inputs",
    "outputs",
    "visibility",
    "non_case",
)
_UNITS = tuple(TimeUnit.values)
_STARTS = tuple(StartEvent.values)
_LEVELS = tuple(CourtLevel.values)
_REVIEW = tuple(ReviewMode.values)
_PAY = tuple(PayUnit.values)


def is_wait(n: Any) -> bool:
    return isinstance(n, dict) and n.get("kind") == NodeKind.WAIT


# --- nodes -------------------------------------------------------------------------------------
def check_kind(add: Add, file: str, loc: str, n: dict) -> None:
    kind = n.get("kind", NodeKind.TASK)
    if kind not in NodeKind.values:
        add(file, loc, f"kind {kind!r} is not one of {list(NodeKind.values)}")
    if kind != NodeKind.WAIT and "period" in n:
        add(file, loc, "period goes with kind: wait only (a task has a time_limit)")


def check_wait(add: Add, file: str, loc: str, n: dict) -> None:
    """A wait: a period a party has (answer, appeal, posting). It shows in the case and ends by
    itself when the period has run; no performer, checklist, review or pay."""
    extra = sorted(k for k in set(n) - set(WAIT_KEYS) if n[k] not in (None, "", [], False))
    if extra:
        add(file, loc, f"a wait has no {extra} (it is no one's work)")
    missing = [k for k in WAIT_REQUIRED if n.get(k) in (None, "", [])]
    if missing:
        add(file, loc, f"missing {missing}")
    if isinstance(n.get("period"), dict):
        check_time_limit(add, file, f"{loc} period", n["period"])
    elif "period" in n:
        add(file, loc, "period must be a mapping")


def check_time_limit(add: Add, file: str, loc: str, tl: dict) -> None:
    """amount, unit, starts (a named event or a recorded output), basis, foreign."""
    extra = sorted(set(tl) - set(TIME_KEYS))
    if extra:
        add(file, loc, f"unknown key(s) {extra}")
    _amount_unit(add, file, loc, tl)
    starts = tl.get("starts", StartEvent.TASK_READY)
    if isinstance(starts, dict):
        extra = sorted(set(starts) - set(START_REF_KEYS))
        if extra:
            add(file, loc, f"starts: unknown key(s) {extra}")
        if starts.get("event", StartEvent.OUTPUT) != StartEvent.OUTPUT:
            add(file, loc, "starts: a mapping names a recorded output (event: output)")
        if not starts.get("node") or not starts.get("field"):
            add(file, loc, "starts: a recorded output needs node and field")
    elif starts not in _STARTS or starts == StartEvent.OUTPUT:
        add(file, loc, _("starts %(v)r is not a start event") % {"v": starts}, key="time_starts")
    foreign = tl.get("foreign")
    if foreign is not None:
        if not isinstance(foreign, dict):
            add(file, loc, "foreign must be a mapping {amount, unit, basis}")
            return
        extra = sorted(set(foreign) - set(FOREIGN_KEYS))
        if extra:
            add(file, loc, f"foreign: unknown key(s) {extra}")
        _amount_unit(add, file, f"{loc} foreign", foreign)
        if not foreign.get("basis"):
            add(file, f"{loc} foreign", "a period for a party abroad needs its legal basis")


def _amount_unit(add: Add, file: str, loc: str, tl: dict) -> None:
    amount = tl.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        add(
            file,
            loc,
            _("amount %(v)r must be a positive integer") % {"v": amount},
            key="time_amount",
        )
    if tl.get("unit") not in _UNITS:
        add(
            file,
            loc,
            _("unit %(v)r is not one of %(choices)s")
            % {"v": tl.get("unit"), "choices": "（" + "、".join(_UNITS) + "）"},
            key="time_unit",
        )


def check_start_refs(add: Add, nodes: dict[str, dict], node_file: dict[str, str]) -> None:
    """A clock started by a recorded output names an existing node and one of its date fields."""
    for code, n in nodes.items():
        for key in ("time_limit", "period"):
            tl = n.get(key)
            starts = tl.get("starts") if isinstance(tl, dict) else None
            if not isinstance(starts, dict) or not starts.get("node"):
                continue
            loc = f"node {code} {key}"
            source = nodes.get(str(starts["node"]))
            if source is None:
                add(node_file[code], loc, f"starts: node {starts['node']} does not exist")
                continue
            out = next(
                (
                    o
                    for o in source.get("outputs") or []
                    if isinstance(o, dict) and o.get("name") == starts.get("field")
                ),
                None,
            )
            if out is None or out.get("type") not in DATE_TYPES:
                add(
                    node_file[code],
                    loc,
                    f"starts: {starts['node']}.{starts.get('field')} is not a date output",
                )


# --- templates and fragments -------------------------------------------------------------------
# named case events a step's completion may record (``marks``): not task_ready, not a recorded
# output, not the events counted *before* (hearing date, expiry)
MARKABLE = tuple(e for e in _STARTS if e not in ("task_ready", "output", "hearing_date", "expiry"))


def check_marks(add: Add, file: str, loc: str, step: dict) -> None:
    """``marks: [case_filed]`` on a node step: its completion is that case event (the clocks
    counted from it start there)."""
    marks = step.get("marks")
    if marks is None:
        return
    if "fragment" in step:
        add(file, loc, "marks go on a node step (mark the step inside the fragment)")
        return
    if not isinstance(marks, list) or not marks:
        add(file, loc, "marks must be a non-empty list of case events")
        return
    for m in marks:
        if m not in MARKABLE:
            add(file, loc, f"marks: {m!r} is not one of {list(MARKABLE)}")


def check_header(add: Add, file: str, doc: dict, kind: str, allowed: tuple[str, ...]) -> None:
    extra = sorted(set(doc) - set(allowed))
    if extra:
        add(file, "", f"unknown key(s) {extra}")
    if kind != "template":
        return
    levels = doc.get("court_levels")
    if levels is None:
        add(file, "", f"court_levels missing (which court levels run it: {list(_LEVELS)})")
    elif not isinstance(levels, list) or not levels:
        add(file, "", "court_levels must be a non-empty list")
    else:
        for level in levels:
            if level not in _LEVELS:
                add(file, "", f"court level {level!r} is not one of {list(_LEVELS)}")
        for level, k in Counter(levels).items():
            if k > 1:
                add(file, "", f"court level {level!r} repeated")


def check_raw_work_orders(add: Add, file: str, doc: dict) -> None:
    """The ``work_orders`` list of one template or fragment file, before expansion."""
    declared = doc.get("work_orders")
    if declared is None:
        return
    if not isinstance(declared, list):
        add(file, "", "work_orders must be a list")
        return
    steps = {str(s["id"]): s for s in doc.get("steps") or [] if isinstance(s, dict) and "id" in s}
    owner: dict[str, str] = {}
    ids: Counter = Counter()
    for i, w in enumerate(declared):
        if not isinstance(w, dict):
            add(file, f"work_orders[{i}]", "a work order must be a mapping")
            continue
        wid = str(w.get("id", f"[{i}]"))
        ids[wid] += 1
        loc = f"work order {wid}"
        extra = sorted(set(w) - set(WORK_ORDER_KEYS))
        if extra:
            add(file, loc, f"unknown key(s) {extra}")
        for key in ("id", "name", "steps", "review", "pay_unit"):
            if w.get(key) in (None, "", []):
                add(file, loc, f"{key} missing")
        if w.get("review") not in _REVIEW:
            add(file, loc, f"review {w.get('review')!r} is not one of {list(_REVIEW)}")
        rate = w.get("sample_rate")
        if w.get("review") == ReviewMode.SAMPLED:
            if not isinstance(rate, int | float) or isinstance(rate, bool) or not 0 < rate <= 1:
                add(file, loc, "review: sampled needs sample_rate with 0 < rate ≤ 1")
        elif rate is not None:
            add(file, loc, "sample_rate goes with review: sampled only")
        if w.get("pay_unit") not in _PAY:
            add(file, loc, f"pay_unit {w.get('pay_unit')!r} is not one of {list(_PAY)}")
        members = w.get("steps") or []
        if not isinstance(members, list):
            add(file, loc, "steps must be a list of step ids")
            continue
        for sid in members:
            sid = str(sid)
            if sid not in steps:
                add(file, loc, f"step {sid} is not a step of this file")
            elif "fragment" in steps[sid]:
                add(
                    file,
                    loc,
                    f"step {sid} is a fragment: declare the fragment's work orders in its file",
                )
            if sid in owner:
                add(file, loc, f"step {sid} is also in work order {owner[sid]}")
            owner[sid] = wid
    for wid, k in ids.items():
        if k > 1:
            add(file, f"work order {wid}", "id repeated")


def check_work_orders(file: str, graph: dict, nodes: dict[str, dict], add: Add) -> None:
    """Declared work orders of an expanded template: a contiguous run entered by one step, one
    performer kind, no wait, no step in two work orders."""
    steps = {s["id"]: s for s in graph["steps"]}
    incoming: dict[str, list[dict]] = defaultdict(list)
    for e in graph["edges"]:
        incoming[e["to"]].append(e)
    owner: dict[str, str] = {}
    for w in graph.get("work_orders") or []:
        loc = f"work order {w['id']}"
        members = set(w["steps"])
        for sid in w["steps"]:
            if sid in owner:
                add(file, loc, f"step {sid} is also in work order {owner[sid]}")
            owner[sid] = w["id"]
        specs = [nodes.get(steps[s]["node"]) for s in w["steps"] if s in steps]
        if any(is_wait(n) for n in specs):
            add(file, loc, "a wait is no one's work: it cannot be in a work order")
        performers = sorted({str(n.get("performer")) for n in specs if n and not is_wait(n)})
        if len(performers) > 1:
            add(file, loc, f"one performer does a work order; its steps have {performers}")
        if len({bool(n.get("non_case")) for n in specs if n}) > 1:
            add(file, loc, "case and non-case steps mixed in one work order")
        entries = sorted(
            s
            for s in w["steps"]
            if s == graph["start"] or any(e["from"] not in members for e in incoming[s])
        )
        if len(entries) != 1:
            add(
                file,
                loc,
                f"a work order is entered by one step; entered at {entries or 'none'}",
            )
            continue
        seen, queue = {entries[0]}, deque(entries)
        while queue:
            here = queue.popleft()
            for e in graph["edges"]:
                if e["from"] == here and e["to"] in members and e["to"] not in seen:
                    seen.add(e["to"])
                    queue.append(e["to"])
        apart = sorted(members - seen)
        if apart:
            add(file, loc, f"steps {apart} are not reached from {entries[0]} inside the work order")
