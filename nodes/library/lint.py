"""Quick standalone check of the library files (no Django needed): python nodes/library/lint.py

Checks YAML syntax, required keys, vocabularies, unique codes, error references, duplicate
instructions/checklists, and fragment/template references. ``catalog validate`` does the full
graph checks on top of this.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUTPUT_TYPES = {
    "text",
    "long_text",
    "date",
    "datetime",
    "number",
    "integer",
    "money",
    "choice",
    "multi_choice",
    "boolean",
    "file",
    "tracking_number",
    "page_count",
    "phone",
    "person_name",
    "address",
    "case_number",
    "duration_minutes",
}
STARTS = {
    "task_ready",
    "case_filed",
    "hearing_date",
    "pronouncement",
    "document_received",
    "service_effective",
    "judgment_effective",
    "case_closed",
    "application_received",
    "appeal_received",
    "answer_period_end",
    "expiry",
    "request_received",
}
UNITS = {"working_days", "calendar_days", "hours", "statutory_days", "statutory_months"}
FIELDS = {
    "case.number",
    "case.cause",
    "case.procedure",
    "case.filing_date",
    "case.unit",
    "case.judge",
    "case.assistant",
    "case.status",
    "case.amount",
    "party.name",
    "party.role",
    "party.address",
    "party.phone",
    "party.id_number",
    "party.agent",
    "documents.list",
    "documents.content",
    "hearing.time",
    "hearing.room",
    "service.records",
    "enforcement.assets",
    "archive.location",
    "request.content",
    "caller.phone",
}
PERFORMERS = {"company_staff", "judge_assistant", "judge", "office"}
PAY_UNITS = {"task", "page", "party", "hour", "hearing", "document", "item"}
REVIEW = {"always", "sampled", "self"}
SEVERITY = {"minor", "major", "critical"}
NODE_KEYS = {
    "code",
    "name",
    "name_en",
    "performer",
    "instruction",
    "outputs",
    "checklist",
    "review",
    "visibility",
    "pay_unit",
}


def main() -> int:
    problems: list[str] = []
    nodes: dict[str, dict] = {}
    instr: Counter = Counter()
    checks: Counter = Counter()
    for path in sorted((HERE / "standards").glob("*.yaml")):
        try:
            std = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(f"{path.name}: YAML error {exc}")
            continue
        errs = {e["code"] for e in std.get("errors", [])}
        for e in std.get("errors", []):
            if e.get("severity") not in SEVERITY:
                problems.append(
                    f"{path.name}: error {e.get('code')} severity {e.get('severity')!r}"
                )
        for n in std.get("nodes", []):
            code = n.get("code", "?")
            where = f"{path.name}:{code}"
            missing = NODE_KEYS - set(n)
            if missing:
                problems.append(f"{where}: missing {sorted(missing)}")
            if code in nodes:
                problems.append(f"{where}: duplicate code")
            nodes[code] = n
            if not str(code).startswith(std["code"] + "-"):
                problems.append(f"{where}: code must start with {std['code']}-")
            if n.get("performer") not in PERFORMERS:
                problems.append(f"{where}: performer {n.get('performer')!r}")
            if n.get("review") not in REVIEW:
                problems.append(f"{where}: review {n.get('review')!r}")
            if (n.get("review") == "sampled") != ("sample_rate" in n):
                problems.append(f"{where}: sample_rate goes with review: sampled only")
            if n.get("pay_unit") not in PAY_UNITS:
                problems.append(f"{where}: pay_unit {n.get('pay_unit')!r}")
            for f in list(n.get("visibility", [])) + list(n.get("inputs", [])):
                if f not in FIELDS:
                    problems.append(f"{where}: unknown field {f!r}")
            for o in n.get("outputs", []):
                if o.get("type") not in OUTPUT_TYPES:
                    problems.append(f"{where}: output {o.get('name')} type {o.get('type')!r}")
                if o.get("type") in ("choice", "multi_choice") and not o.get("choices"):
                    problems.append(f"{where}: output {o.get('name')} needs choices")
            tl = n.get("time_limit")
            if tl:
                if tl.get("unit") not in UNITS:
                    problems.append(f"{where}: time unit {tl.get('unit')!r}")
                if tl.get("starts") not in STARTS:
                    problems.append(f"{where}: starts {tl.get('starts')!r}")
            for ref in n.get("errors", []):
                if ref not in errs:
                    problems.append(f"{where}: error {ref} not in the standard's list")
            if not n.get("checklist"):
                problems.append(f"{where}: empty checklist")
            instr[str(n.get("instruction", "")).strip()] += 1
            checks[tuple(str(c.get("text")) for c in n.get("checklist", []))] += 1
    for text, k in instr.items():
        if k > 1:
            problems.append(f"instruction used {k} times: {text[:40]}…")
    for items, k in checks.items():
        if k > 1:
            problems.append(f"checklist used {k} times: {items[:2]}…")
    used: set[str] = set()
    fragments: dict[str, dict] = {}
    for kind in ("fragments", "templates"):
        for path in sorted((HERE / kind).glob("*.yaml")):
            try:
                doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                problems.append(f"{path.name}: YAML error {exc}")
                continue
            if kind == "fragments":
                fragments[doc["code"]] = doc
            ids = {s["id"] for s in doc.get("steps", [])}
            for s in doc.get("steps", []):
                if "node" in s:
                    if s["node"] not in nodes:
                        problems.append(
                            f"{kind}/{path.name}: step {s['id']} node {s['node']} unknown"
                        )
                    used.add(s["node"])
            for e in doc.get("edges", []):
                for end in ("from", "to"):
                    if e.get(end) not in ids:
                        problems.append(
                            f"{kind}/{path.name}: edge {end} {e.get(end)!r} unknown step"
                        )
    for path in sorted((HERE / "templates").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for s in doc.get("steps", []):
            if "fragment" in s and s["fragment"] not in fragments:
                problems.append(f"templates/{path.name}: fragment {s['fragment']} unknown")
    unused = [c for c, n in nodes.items() if c not in used and not n.get("non_case")]
    if unused and (HERE / "templates").glob("*.yaml"):
        problems.append(
            f"{len(unused)} nodes not used by any fragment/template (e.g. {unused[:8]})"
        )
    for p in problems:
        print(p)
    print(f"{len(nodes)} nodes, {len(fragments)} fragments, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
