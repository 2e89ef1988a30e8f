"""The service-items catalogue (nodes/library/service_items.yaml): the items the court buys, each
mapped to its nodes and pay unit. Reading and checking it; loading is in nodes/services.

Every node of the library belongs to exactly one item: the item that names it in ``nodes`` (a code
or a range ``S05-001..S05-036``), otherwise the item that names its standard in ``standards``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nodes.choices import PayUnit, ServiceArea

FILE = "service_items.yaml"
ITEM_KEYS = ("code", "name", "name_en", "area", "non_case", "pay_unit", "nodes", "standards")
ITEM_CODE_RE = re.compile(r"^SI\d{2,3}$")
NODE_CODE_RE = re.compile(r"^S\d\d-\d{3}$")
RANGE_RE = re.compile(r"^(S\d\d-\d{3})\.\.(S\d\d-\d{3})$")
Add = Callable[..., None]


def resolve(
    doc: Any, node_standard: dict[str, str], add: Add, file: str = FILE
) -> dict[str, list[str]]:
    """``{item code: [node codes]}`` for the catalogue ``doc``; reports every problem through
    ``add(file, location, message)``: unknown keys, vocabularies, unknown node or standard codes,
    empty ranges, a node or standard claimed twice, and nodes that belong to no item.
    ``node_standard`` maps every node code of the library to its standard code."""
    if not isinstance(doc, list) or not doc:
        add(file, "", "the service-item catalogue must be a non-empty list")
        return {}
    codes = sorted(node_standard)
    standards = set(node_standard.values())
    explicit: dict[str, str] = {}  # node → item
    by_standard: dict[str, str] = {}  # standard → item
    seen: set[str] = set()
    items: dict[str, list[str]] = {}
    for i, item in enumerate(doc):
        if not isinstance(item, dict):
            add(file, f"[{i}]", "a service item must be a mapping")
            continue
        code = str(item.get("code", f"[{i}]"))
        loc = f"item {code}"
        extra = sorted(set(item) - set(ITEM_KEYS))
        if extra:
            add(file, loc, f"unknown key(s) {extra}")
        if not ITEM_CODE_RE.match(code):
            add(file, loc, "code must be SI followed by 2 or 3 digits")
        if code in seen:
            add(file, loc, "code repeated")
        seen.add(code)
        items.setdefault(code, [])
        if not item.get("name"):
            add(file, loc, "name missing")
        if item.get("area") not in ServiceArea.values:
            add(file, loc, f"area {item.get('area')!r} is not one of {list(ServiceArea.values)}")
        if item.get("pay_unit") not in PayUnit.values:
            add(
                file, loc, f"pay_unit {item.get('pay_unit')!r} is not one of {list(PayUnit.values)}"
            )
        if "non_case" in item and not isinstance(item["non_case"], bool):
            add(file, loc, "non_case must be true or false")
        if not item.get("nodes") and not item.get("standards"):
            add(file, loc, "names no nodes and no standards")
        for std in item.get("standards") or []:
            if std not in standards:
                add(file, loc, f"standard {std} does not exist")
            elif std in by_standard:
                add(file, loc, f"standard {std} is also the default of {by_standard[std]}")
            else:
                by_standard[std] = code
        for ref in item.get("nodes") or []:
            for node in _expand(str(ref), codes, node_standard, add, file, loc):
                if node in explicit and explicit[node] != code:
                    add(file, loc, f"node {node} is also in {explicit[node]}")
                explicit.setdefault(node, code)
    for node in codes:
        owner = explicit.get(node) or by_standard.get(node_standard[node])
        if owner is None:
            add(file, "", f"node {node} belongs to no service item")
        else:
            items[owner].append(node)
    return items


def _expand(
    ref: str, codes: list[str], node_standard: dict[str, str], add: Add, file: str, loc: str
) -> list[str]:
    match = RANGE_RE.match(ref)
    if match:
        low, high = match.groups()
        if low[:3] != high[:3] or low > high:
            add(file, loc, f"range {ref} must run upwards within one standard")
            return []
        found = [c for c in codes if low <= c <= high]
        if not found:
            add(file, loc, f"range {ref} holds no node")
        return found
    if not NODE_CODE_RE.match(ref):
        add(file, loc, f"{ref!r} is neither a node code nor a range S05-001..S05-036")
        return []
    if ref not in node_standard:
        add(file, loc, f"node {ref} does not exist")
        return []
    return [ref]
