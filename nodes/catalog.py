"""Reading the library files and putting them into one canonical form.

The canonical form of a standard is the dict that both the YAML file and the database rows (and
an Excel workbook) reduce to; its hash (without the ``version`` number) says whether two versions
say the same thing. Templates are stored expanded: fragments inlined, step ids prefixed
``<step>.<inner id>``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
# The C parser (libyaml) reads the ~1 MB library about 20× faster than the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STANDARD_KEYS = (
    "code",
    "number",
    "board",
    "title",
    "title_en",
    "version",
    "scope",
    "errors",
    "nodes",
)
NODE_KEYS = (
    "code",
    "name",
    "name_en",
    "performer",
    "instruction",
    "inputs",
    "outputs",
    "time_limit",
    "checklist",
    "errors",
    "review",
    "sample_rate",
    "visibility",
    "pay_unit",
    "non_case",
    "kind",
    "period",
)
NODE_REQUIRED = (
    "code",
    "name",
    "performer",
    "instruction",
    "outputs",
    "checklist",
    "review",
    "visibility",
    "pay_unit",
)
OUTPUT_KEYS = (
    "name",
    "label",
    "label_en",
    "type",
    "required",
    "min",
    "max",
    "max_length",
    "help",
    "choices",
)
CHOICE_KEYS = ("value", "label", "label_en")
CHECK_KEYS = ("code", "text", "text_en", "kind", "op", "threshold", "unit")
ERROR_KEYS = ("code", "text", "text_en", "severity")
TIME_KEYS = ("amount", "unit", "starts", "basis", "foreign")
# A wait (kind: wait) is a period a party has (answer, appeal, posting): no performer, no review.
WAIT_REQUIRED = ("code", "name", "kind", "period")
START_REF_KEYS = ("event", "node", "field")
FOREIGN_KEYS = ("amount", "unit", "basis")
WORK_ORDER_KEYS = ("id", "name", "name_en", "steps", "review", "sample_rate", "pay_unit")
TEMPLATE_KEYS = (
    "code",
    "procedure",
    "name",
    "name_en",
    "start",
    "court_levels",
    "steps",
    "edges",
    "work_orders",
)
FRAGMENT_KEYS = ("code", "name", "name_en", "entry", "exit", "steps", "edges", "work_orders")
EDGE_KEYS = ("from", "to", "when", "else", "rework", "plain")
# The court levels a template runs at when it does not say (first-instance work).
DEFAULT_COURT_LEVELS = ("basic", "intermediate", "high")


@dataclass
class SourceFile:
    """One parsed library file: where it came from and what it holds (None if unreadable)."""

    path: str
    doc: Any


@dataclass
class Library:
    """The parsed library directory, before validation."""

    root: Path
    boards: SourceFile | None = None
    standards: list[SourceFile] = field(default_factory=list)
    fragments: list[SourceFile] = field(default_factory=list)
    templates: list[SourceFile] = field(default_factory=list)
    service_items: SourceFile | None = None  # service_items.yaml (optional in a partial library)
    read_errors: list[tuple[str, str]] = field(default_factory=list)


def _load_yaml(path: Path, root: Path, lib: Library) -> SourceFile:
    rel = str(path.relative_to(root))
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - safe
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        lib.read_errors.append((rel, f"cannot be read: {exc}"))
        doc = None
    return SourceFile(rel, doc)


def read_library(root: Path | str = LIBRARY_DIR) -> Library:
    """Parse every file of the library directory (no validation)."""
    root = Path(root)
    lib = Library(root=root)
    boards = root / "boards.yaml"
    if boards.exists():
        lib.boards = _load_yaml(boards, root, lib)
    else:
        lib.read_errors.append(("boards.yaml", "missing"))
    for kind in ("standards", "fragments", "templates"):
        for path in sorted((root / kind).glob("*.yaml")):
            getattr(lib, kind).append(_load_yaml(path, root, lib))
    items = root / "service_items.yaml"
    if items.exists():
        lib.service_items = _load_yaml(items, root, lib)
    return lib


# --- canonical form ----------------------------------------------------------------------------
def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _num(value: Any) -> Any:
    """Numbers compare equal whatever their source type (YAML int, Excel float, Decimal)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    try:
        f = float(value)
    except (TypeError, ValueError):
        return value
    return int(f) if f.is_integer() else f


as_number = _num


def canonical_output(o: dict) -> dict:
    out: dict[str, Any] = {
        "name": _text(o.get("name")),
        "label": _text(o.get("label")),
        "type": _text(o.get("type")),
        "required": bool(o.get("required", True)),
    }
    if _text(o.get("label_en")):
        out["label_en"] = _text(o.get("label_en"))
    for key in ("min", "max", "max_length"):
        if _num(o.get(key)) is not None:
            out[key] = _num(o.get(key))
    if _text(o.get("help")):
        out["help"] = _text(o.get("help"))
    if o.get("choices"):
        choices = []
        for c in o["choices"]:
            item = {"value": _text(c.get("value")), "label": _text(c.get("label"))}
            if _text(c.get("label_en")):
                item["label_en"] = _text(c.get("label_en"))
            choices.append(item)
        out["choices"] = choices
    return out


def canonical_check(c: dict) -> dict:
    out: dict[str, Any] = {
        "code": _text(c.get("code")),
        "text": _text(c.get("text")),
        "kind": _text(c.get("kind")) or "pass_fail",
    }
    if _text(c.get("text_en")):
        out["text_en"] = _text(c.get("text_en"))
    if out["kind"] == "threshold":
        out["op"] = _text(c.get("op"))
        out["threshold"] = _num(c.get("threshold"))
        out["unit"] = _text(c.get("unit"))
    return out


def canonical_starts(value: Any) -> Any:
    """A start event: a named case event (``task_ready``, ``case_filed`` …) or a recorded output
    ``{event: output, node: <node code>, field: <date field>}``."""
    if isinstance(value, dict):
        return {
            "event": _text(value.get("event")) or "output",
            "node": _text(value.get("node")),
            "field": _text(value.get("field")),
        }
    return _text(value) or "task_ready"


def canonical_time_limit(t: dict | None) -> dict | None:
    if not t:
        return None
    out = {
        "amount": _num(t.get("amount")),
        "unit": _text(t.get("unit")),
        "starts": canonical_starts(t.get("starts")),
        "basis": _text(t.get("basis")),
    }
    foreign = t.get("foreign")
    if foreign:
        # the period when a party has no domicile in the PRC (在中华人民共和国领域内没有住所)
        out["foreign"] = {
            "amount": _num(foreign.get("amount")),
            "unit": _text(foreign.get("unit")),
            "basis": _text(foreign.get("basis")),
        }
    return out


def canonical_node(n: dict) -> dict:
    rate = _num(n.get("sample_rate"))
    out = _canonical_node(n, rate)
    # keys a first-edition node does not have stay out, so its content hash is unchanged
    if _text(n.get("kind")) == "wait":
        out["kind"] = "wait"
        out["period"] = canonical_time_limit(n.get("period"))
    return out


def _canonical_node(n: dict, rate: Any) -> dict:
    return {
        "code": _text(n.get("code")),
        "name": _text(n.get("name")),
        "name_en": _text(n.get("name_en")),
        "performer": _text(n.get("performer")),
        "instruction": _text(n.get("instruction")),
        "inputs": [_text(x) for x in n.get("inputs") or []],
        "outputs": [canonical_output(o) for o in n.get("outputs") or []],
        "time_limit": canonical_time_limit(n.get("time_limit")),
        "checklist": [canonical_check(c) for c in n.get("checklist") or []],
        "errors": [_text(x) for x in n.get("errors") or []],
        "review": _text(n.get("review")),
        "sample_rate": rate if n.get("review") == "sampled" else None,
        "visibility": [_text(x) for x in n.get("visibility") or []],
        "pay_unit": _text(n.get("pay_unit")),
        "non_case": bool(n.get("non_case", False)),
    }


def canonical_standard(doc: dict) -> dict:
    """The canonical dict of a standard (file, database or Excel alike)."""
    return {
        "code": _text(doc.get("code")),
        "number": _text(doc.get("number")),
        "board": _text(doc.get("board")),
        "title": _text(doc.get("title")),
        "title_en": _text(doc.get("title_en")),
        "version": int(doc.get("version") or 0),
        "scope": _text(doc.get("scope")),
        "errors": [
            {
                "code": _text(e.get("code")),
                "text": _text(e.get("text")),
                "text_en": _text(e.get("text_en")),
                "severity": _text(e.get("severity")),
            }
            for e in doc.get("errors") or []
        ],
        "nodes": [canonical_node(n) for n in doc.get("nodes") or []],
    }


def content_hash(data: Any, *, drop: tuple[str, ...] = ("version",)) -> str:
    """sha256 of the canonical JSON, leaving out ``drop`` keys at the top level."""
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in drop}
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --- template expansion ------------------------------------------------------------------------
class ExpansionError(Exception):
    pass


def expand_template(doc: dict, fragments: dict[str, dict]) -> dict:
    """Inline the fragments of a template. Returns ``{code, procedure, name, name_en, start,
    court_levels, steps: [{id, node, join, end, fragment}], edges: [{from, to, when, else,
    rework, plain}], work_orders: [{id, name, name_en, steps, review, sample_rate, pay_unit}],
    fragments: {code: name}}``. Declared work orders only; a step in none is a work order of its
    own (``work_orders_of``).
    Raises ExpansionError on a reference that cannot be resolved (the validator reports those
    with their location first)."""
    steps: list[dict] = []
    names: dict[str, str] = {}
    by_id: dict[str, dict] = {}
    edges: list[dict] = []
    work_orders: list[dict] = []

    def expand(graph: dict, prefix: str, stack: tuple[str, ...], fragment_code: str):
        """Returns {local id: (entry id, exit id)} for the steps of ``graph``."""
        ends: dict[str, tuple[str, str]] = {}
        for s in graph.get("steps") or []:
            sid = prefix + str(s["id"])
            if s.get("fragment"):
                code = s["fragment"]
                if code in stack:
                    raise ExpansionError(f"fragment {code} includes itself")
                if code not in fragments:
                    raise ExpansionError(f"unknown fragment {code}")
                frag = fragments[code]
                names[code] = _text(frag.get("name")) or code
                inner = expand(frag, sid + ".", (*stack, code), code)
                entry = inner[str(frag["entry"])][0]
                exit_ = inner[str(frag["exit"])][1]
                if s.get("join"):
                    by_id[entry]["join"] = s["join"]
                if s.get("end"):
                    by_id[exit_]["end"] = True
                ends[str(s["id"])] = (entry, exit_)
            else:
                step = {
                    "id": sid,
                    "node": str(s.get("node")),
                    "join": s.get("join") or "any",
                    "end": bool(s.get("end", False)),
                    "fragment": fragment_code,
                }
                if s.get("marks"):
                    # the named case events this step's completion records (case_filed …)
                    step["marks"] = [_text(m) for m in s["marks"]]
                steps.append(step)
                by_id[sid] = step
                ends[str(s["id"])] = (sid, sid)
        for e in graph.get("edges") or []:
            src, dst = str(e["from"]), str(e["to"])
            if src not in ends or dst not in ends:
                raise ExpansionError(f"edge {src} → {dst}: unknown step")
            edges.append(
                {
                    "from": ends[src][1],
                    "to": ends[dst][0],
                    "when": e.get("when"),
                    "else": bool(e.get("else", False)),
                    "rework": bool(e.get("rework", False)),
                    "plain": bool(e.get("plain", False)),
                }
            )
        for w in graph.get("work_orders") or []:
            work_orders.append(canonical_work_order(w, prefix, ends))
        return ends

    ends = expand(doc, "", (), "")
    start = str(doc.get("start"))
    if start not in ends:
        raise ExpansionError(f"start step {start} unknown")
    return {
        "code": str(doc.get("code")),
        "procedure": str(doc.get("procedure")),
        "name": _text(doc.get("name")),
        "name_en": _text(doc.get("name_en")),
        "start": ends[start][0],
        "court_levels": [_text(x) for x in doc.get("court_levels") or DEFAULT_COURT_LEVELS],
        "steps": steps,
        "edges": edges,
        "work_orders": work_orders,
        "fragments": dict(sorted(names.items())),
    }


def canonical_work_order(w: dict, prefix: str, ends: dict[str, tuple[str, str]]) -> dict:
    """A declared work order with its ids expanded (``prefix`` + id, steps through ``ends``)."""
    rate = _num(w.get("sample_rate"))
    steps = []
    for sid in w.get("steps") or []:
        if str(sid) not in ends:
            raise ExpansionError(f"work order {w.get('id')}: unknown step {sid}")
        steps.append(ends[str(sid)][0])
    return {
        "id": prefix + _text(w.get("id")),
        "name": _text(w.get("name")),
        "name_en": _text(w.get("name_en")),
        "steps": steps,
        "review": _text(w.get("review")),
        "sample_rate": rate if w.get("review") == "sampled" else None,
        "pay_unit": _text(w.get("pay_unit")),
    }


def work_orders_of(graph: dict, nodes: dict[str, dict]) -> list[dict]:
    """Every work order of an expanded template: the declared ones, then one per remaining step
    (named after its node, with the node's review mode and pay unit). Waits (``kind: wait``) are
    no work: they belong to none. Each item has ``declared`` and ``performer``; ``nodes`` maps
    node codes to node dicts (file or canonical)."""
    out = []
    taken: set[str] = set()
    by_id = {s["id"]: s for s in graph["steps"]}
    for w in graph.get("work_orders") or []:
        first = nodes.get(by_id[w["steps"][0]]["node"], {}) if w["steps"] else {}
        out.append({**w, "declared": True, "performer": _text(first.get("performer"))})
        taken.update(w["steps"])
    for s in graph["steps"]:
        if s["id"] in taken:
            continue
        n = nodes.get(s["node"], {})
        if _text(n.get("kind")) == "wait":
            continue
        out.append(
            {
                "id": s["id"],
                "name": _text(n.get("name")),
                "name_en": _text(n.get("name_en")),
                "steps": [s["id"]],
                "review": _text(n.get("review")),
                "sample_rate": _num(n.get("sample_rate")) if n.get("review") == "sampled" else None,
                "pay_unit": _text(n.get("pay_unit")),
                "declared": False,
                "performer": _text(n.get("performer")),
            }
        )
    return out
