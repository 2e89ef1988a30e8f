"""Validation of the whole library: files, vocabularies, references, duplicates, completeness."""

from __future__ import annotations

from collections import defaultdict

from nodes import library_format as fmt
from nodes import service_items
from nodes.catalog import (
    ExpansionError,
    Library,
    expand_template,
)
from nodes.validation._common import (
    _V,
    Problem,
    _Collector,
)
from nodes.validation.graphs import _check_raw_graph, check_graph
from nodes.validation.standards import validate_standard_doc


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
    fmt.check_start_refs(p.add, nodes, node_file)
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
        fmt.check_work_orders(sf.path, graph, nodes, p.add)
    if lib.service_items is not None and lib.service_items.doc is not None:
        node_standard = {code: node_file_code for code, node_file_code in _standard_of(nodes)}
        service_items.resolve(lib.service_items.doc, node_standard, p.add, lib.service_items.path)
    elif complete:
        p.add(service_items.FILE, "", "missing: the catalogue of the service items the court buys")
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


def _standard_of(nodes: dict[str, dict]):
    """(node code, standard code) of every node: the standard is the code's prefix."""
    for code in nodes:
        yield code, str(code).split("-")[0]
