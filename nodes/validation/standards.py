"""Validation of one standard file: its nodes, outputs, time limits, checklists, error types."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from nodes import library_format as fmt
from nodes.catalog import (
    CHECK_KEYS,
    CHOICE_KEYS,
    ERROR_KEYS,
    NODE_KEYS,
    NODE_REQUIRED,
    OUTPUT_KEYS,
    STANDARD_KEYS,
)
from nodes.choices import (
    CASE_FIELDS,
    THRESHOLD_OPS,
    ChecklistKind,
    ReviewMode,
)
from nodes.validation._common import (
    _V,
    CHOICE_TYPES,
    CODE_RE,
    NAME_RE,
    Problem,
    _choices,
    _Collector,
    _label,
    _unknown,
)


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
    low, high = o.get("min"), o.get("max")
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        p.add(file, loc, _("min is greater than max"), key="min")
    if "required" in o and not isinstance(o["required"], bool):
        p.add(file, loc, _("required must be true or false"), key="required")


def _check_node(p: _Collector, file: str, std_code: str, errors: set[str], n: Any, i: int) -> None:
    if not isinstance(n, dict):
        p.add(file, f"nodes[{i}]", _("a node must be a mapping"))
        return
    code = str(n.get("code", f"nodes[{i}]"))
    loc = f"node {code}"
    fmt.check_kind(p.add, file, loc, n)
    if fmt.is_wait(n):
        if not re.match(rf"^{re.escape(std_code)}-\d{{3}}$", code):
            p.add(
                file,
                loc,
                _("code must be %(code)s-NNN (three digits)") % {"code": std_code},
                key="code",
            )
        fmt.check_wait(p.add, file, loc, n)
        for o in n.get("outputs") or []:
            _check_output(
                p, file, f"{loc} output {o.get('name') if isinstance(o, dict) else '?'}", o
            )
        return
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
            fmt.check_time_limit(p.add, file, f"{loc} time_limit", tl)
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
        p.add(file, "", _("code %(v)r must be S followed by two digits") % {"v": code}, key="code")
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
