"""Drawing a workflow template in the browser: a layered top-to-bottom layout computed here and
emitted as SVG (no JavaScript library needed). Guards are edge labels, rework edges are dashed,
AND-joins are marked, each node links to its node page. Large templates (100+ steps) stay legible
because layers are ordered to reduce crossings and the drawing scrolls."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext

NODE_W, NODE_H = 184, 58
GAP_X, GAP_Y = 28, 64
MARGIN = 40


@dataclass
class Box:
    id: str
    layer: int
    x: float = 0
    y: float = 0


def guard_label(guard: dict | None, is_else: bool, outputs: list[dict] | None = None) -> str:
    """A guard as people read it: the output field's label and the choice's label (from the
    source node's ``outputs``), never the internal keys — ``立案结果 = 不予受理``, not
    ``filing_result = refused``. The one renderer for the drawing and the step table."""
    if is_else:
        return gettext("otherwise")
    if not guard:
        return ""
    op, key = guard.get("op"), guard.get("field")
    spec = next((o for o in outputs or [] if o.get("name") == key), None)
    field = (spec or {}).get("label") or key
    choices = {str(c.get("value")): c.get("label") for c in (spec or {}).get("choices") or []}

    def value(v) -> str:
        if isinstance(v, bool):
            return gettext("yes") if v else gettext("no")
        return str(choices.get(str(v)) or v)

    if op == "eq":
        return f"{field} = {value(guard.get('value'))}"
    if op == "ne":
        return f"{field} ≠ {value(guard.get('value'))}"
    if op in ("in", "not_in"):
        sign = "∈" if op == "in" else "∉"
        return f"{field} {sign} {{{', '.join(value(v) for v in guard.get('values') or [])}}}"
    if op in ("gt", "gte", "lt", "lte"):
        sign = {"gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}[op]
        return f"{field} {sign} {value(guard.get('value'))}"
    return f"{field}" if op == "truthy" else f"¬{field}"


def layout(step_ids: list[str], edges: list[tuple[str, str, bool]], start: str) -> dict[str, Box]:
    """Layers by longest path over forward edges, then barycentre ordering within layers."""
    forward = [(a, b) for a, b, rework in edges if not rework]
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    indeg: Counter[str] = Counter()
    for a, b in forward:
        succ[a].append(b)
        pred[b].append(a)
        indeg[b] += 1
    layer = dict.fromkeys(step_ids, 0)
    queue = deque(s for s in step_ids if indeg[s] == 0)
    seen = set()
    while queue:
        s = queue.popleft()
        seen.add(s)
        for t in succ[s]:
            layer[t] = max(layer[t], layer[s] + 1)
            indeg[t] -= 1
            if indeg[t] == 0:
                queue.append(t)
    layers: dict[int, list[str]] = defaultdict(list)
    for s in step_ids:  # file order is a good first guess
        layers[layer[s]].append(s)
    pos = {s: i for row in layers.values() for i, s in enumerate(row)}
    for sweep in range(6):
        down = sweep % 2 == 0
        for n in sorted(layers, reverse=not down):
            row = layers[n]
            neigh = pred if down else succ

            def bary(s, neigh=neigh):
                ns = [pos[x] for x in neigh[s] if x in pos]
                return sum(ns) / len(ns) if ns else pos[s]

            row.sort(key=bary)
            for i, s in enumerate(row):
                pos[s] = i
    widest = max((len(r) for r in layers.values()), default=1)
    boxes = {}
    for n, row in layers.items():
        offset = (widest - len(row)) * (NODE_W + GAP_X) / 2
        for i, s in enumerate(row):
            boxes[s] = Box(
                id=s,
                layer=n,
                x=MARGIN + offset + i * (NODE_W + GAP_X),
                y=MARGIN + n * (NODE_H + GAP_Y),
            )
    return boxes


def _text_width(text: str, size: int) -> float:
    """Rough drawn width: a CJK character is as wide as the font size, Latin about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _title_lines(name: str) -> list[str]:
    """A node name on up to two lines inside its box (12 CJK characters each), so titles are
    not cut off after a few characters; only a name longer than two lines ends in …"""
    per_line = int((NODE_W - 12) / 13)
    if _text_width(name, 13) <= NODE_W - 12:
        return [name]
    first, rest = name[:per_line], name[per_line:]
    return [first, _short(rest, per_line)]


class _Placed:
    """Rectangles already drawn (boxes and labels): a new label slides down until it overlaps
    none of them, so the guards of a fan-out do not print over each other."""

    def __init__(self, rects: list[tuple[float, float, float, float]]):
        self.rects = list(rects)

    def _hits(self, x: float, y: float, w: float, h: float) -> bool:
        return any(
            x < rx + rw and rx < x + w and y < ry + rh and ry < y + h
            for rx, ry, rw, rh in self.rects
        )

    def free_spot(self, cx: float, cy: float, w: float, h: float) -> tuple[float, float]:
        for step in range(12):
            for dy in (step * (h + 2), -step * (h + 2)):
                x, y = cx - w / 2, cy - 9 + dy
                if not self._hits(x, y, w, h):
                    self.rects.append((x, y, w, h))
                    return cx, cy + dy
        self.rects.append((cx - w / 2, cy - 9, w, h))
        return cx, cy


def _subtitle(s: dict) -> str:
    """The line under a box's title: the node code, or for a folded sub-flow its size (step ids
    are internal keys and stay in the tooltip)."""
    if s.get("group"):
        return gettext("%(n)s steps ▸") % {"n": s["size"]}
    return s["code"]


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_svg(
    steps: list[dict],
    edges: list[dict],
    *,
    start: str,
    href: Callable[[dict], str],
) -> str:
    """SVG of a template. ``steps``: {id, code, name, join, end, [group, size]}; ``edges``:
    {from, to, guard, else, rework}; ``href(step)`` is where a click on a box leads."""
    boxes = layout(
        [s["id"] for s in steps], [(e["from"], e["to"], e["rework"]) for e in edges], start
    )
    width = max((b.x for b in boxes.values()), default=0) + NODE_W + MARGIN * 2 + 160
    height = max((b.y for b in boxes.values()), default=0) + NODE_H + MARGIN
    first = boxes.get(start)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="template-graph" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'data-start-x="{(first.x + NODE_W / 2) if first else 0:.0f}" '
        f'data-start-y="{first.y if first else 0:.0f}">',
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' "
        "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' "
        "fill='#55606e'/></marker></defs>",
    ]
    labels = []
    placed = _Placed([(b.x, b.y, NODE_W, NODE_H) for b in boxes.values()])
    long_from: Counter = Counter()
    for e in edges:
        a, b = boxes[e["from"]], boxes[e["to"]]
        if e["rework"]:
            # back edges leave from the left side and come back into the left side, dashed
            x1, y1 = a.x, a.y + NODE_H / 2
            x2, y2 = b.x, b.y + NODE_H / 2
            bend = 40 + 12 * abs(a.layer - b.layer)
            d = f"M{x1:.0f},{y1:.0f} C{x1 - bend:.0f},{y1:.0f} {x2 - bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
            out.append(
                f'<path d="{d}" class="edge rework" fill="none" stroke="#b0413e" '
                f'stroke-dasharray="6 4" marker-end="url(#arrow)"><title>rework</title></path>'
            )
            lx, ly = min(x1, x2) - bend * 0.75, (y1 + y2) / 2
        elif b.layer - a.layer > 1 or b.layer <= a.layer:
            # a long edge bows out to the right so that it does not run through the boxes between
            k = long_from[e["from"]]
            long_from[e["from"]] += 1
            x1, y1 = a.x + NODE_W * 0.8, a.y + NODE_H
            x2, y2 = b.x + NODE_W * 0.8, b.y
            side = max(a.x, b.x) + NODE_W + 30 + 26 * k
            d = (
                f"M{x1:.0f},{y1:.0f} C{side:.0f},{y1 + GAP_Y:.0f} "
                f"{side:.0f},{y2 - GAP_Y:.0f} {x2:.0f},{y2:.0f}"
            )
            out.append(
                f'<path d="{d}" class="edge long" fill="none" stroke="#55606e" '
                f'marker-end="url(#arrow)"/>'
            )
            lx, ly = side, y1 + 28 + 18 * k
        else:
            x1, y1 = a.x + NODE_W / 2, a.y + NODE_H
            x2, y2 = b.x + NODE_W / 2, b.y
            mid = (y1 + y2) / 2
            d = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{mid:.0f} {x2:.0f},{mid:.0f} {x2:.0f},{y2:.0f}"
            out.append(
                f'<path d="{d}" class="edge" fill="none" stroke="#55606e" marker-end="url(#arrow)"/>'
            )
            # nearer the target than the source, so that the labels of a fan-out spread apart
            lx, ly = x1 + (x2 - x1) * 0.7, y1 + (y2 - y1) * 0.6
        text = e.get("label")
        if text is None:
            text = guard_label(e.get("guard"), e.get("else", False), e.get("outputs"))
        if text:
            text = _short(text, 28)
            w = _text_width(text, 11) + 10
            lx, ly = placed.free_spot(lx, ly, w, 16)
            labels.append(
                f'<g class="edge-label"><rect x="{lx - w / 2:.0f}" y="{ly - 9:.0f}" width="{w}" '
                f'height="16" rx="3" fill="#fffbe6" stroke="#d9c77a"/>'
                f'<text x="{lx:.0f}" y="{ly + 3:.0f}" text-anchor="middle" font-size="11">'
                f"{escape(text)}</text></g>"
            )
    for s in steps:
        b = boxes[s["id"]]
        classes = ["node"]
        stroke, width_ = "#2f5d8a", 1.5
        if s["id"] == start:
            classes.append("start")
            stroke, width_ = "#2e7d32", 3
        if s.get("end"):
            classes.append("end")
            stroke, width_ = "#333", 3
        if s.get("group"):
            classes.append("group")
        out.append(f'<a href="{escape(href(s))}" class="{" ".join(classes)}">')
        out.append(f"<title>{escape(s['id'])} · {escape(s['code'])} {escape(s['name'])}</title>")
        if s.get("group"):  # a folded fragment: a stacked box
            out.append(
                f'<rect x="{b.x + 5:.0f}" y="{b.y + 5:.0f}" width="{NODE_W}" height="{NODE_H}" '
                f'rx="6" fill="#e8eef6" stroke="{stroke}" stroke-opacity="0.5"/>'
            )
        out.append(
            f'<rect x="{b.x:.0f}" y="{b.y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="6" '
            f'fill="{"#f3f7fc" if s.get("group") else "#fff"}" stroke="{stroke}" '
            f'stroke-width="{width_}"/>'
        )
        if s.get("join") == "all":
            out.append(
                f'<rect x="{b.x + 3:.0f}" y="{b.y + 3:.0f}" width="{NODE_W - 6}" height="{NODE_H - 6}" '
                f'rx="4" fill="none" stroke="{stroke}"/>'
                f'<text x="{b.x + NODE_W - 6:.0f}" y="{b.y + 14:.0f}" text-anchor="end" '
                f'font-size="10" font-weight="bold" fill="#b0413e">AND</text>'
            )
        lines = _title_lines(s["name"])
        for i, line in enumerate(lines):
            out.append(
                f'<text x="{b.x + NODE_W / 2:.0f}" y="{b.y + (17 if len(lines) > 1 else 24) + 15 * i:.0f}" '
                f'text-anchor="middle" font-size="13">{escape(line)}</text>'
            )
        out.append(
            f'<text x="{b.x + NODE_W / 2:.0f}" y="{b.y + NODE_H - 8:.0f}" text-anchor="middle" '
            f'font-size="10" fill="#667">{escape(_subtitle(s))}</text>'
        )
        out.append("</a>")
    out += labels
    out.append("</svg>")
    return "".join(out)


def collapse(
    steps: list[dict], edges: list[dict], *, keep: str = "", names: dict[str, str] | None = None
) -> tuple[list[dict], list[dict]]:
    """Fold every inlined fragment (steps ``<prefix>.<inner>``) into one box, except the one
    named ``keep``; a template of 1,000 steps becomes a few dozen boxes. Boxes of folded fragments
    get ``group`` (their prefix) and ``size``; edges inside a fold disappear, parallel edges merge."""
    names = names or {}

    def group_of(step: dict) -> str | None:
        if not step.get("fragment") or "." not in step["id"]:
            return None
        prefix = step["id"].split(".", 1)[0]
        return None if prefix == keep else prefix

    where = {}
    boxes: dict[str, dict] = {}
    for s in steps:
        g = group_of(s)
        if g is None:
            where[s["id"]] = s["id"]
            boxes[s["id"]] = s
            continue
        where[s["id"]] = g
        box = boxes.setdefault(
            g,
            {
                "id": g,
                "code": s["fragment"],
                "name": names.get(s["fragment"], s["fragment"]),
                "join": s["join"],
                "end": False,
                "group": g,
                "size": 0,
            },
        )
        box["size"] += 1
        box["end"] = box["end"] or s.get("end", False)
    seen: dict[tuple[str, str, bool], dict] = {}
    out = []
    for e in edges:
        a, b = where[e["from"]], where[e["to"]]
        if a == b:
            continue
        key = (a, b, e["rework"])
        if key in seen:
            continue
        seen[key] = {**e, "from": a, "to": b}
        out.append(seen[key])
    return list(boxes.values()), out
