"""Run-time guards: does an edge of a workflow graph fire on the recorded outputs of its source
step?"""

from __future__ import annotations

from typing import Any


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
