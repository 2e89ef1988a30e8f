"""The library shipped in nodes/library/ validates completely, every template passes the graph
checks, and loading it twice changes nothing."""

from __future__ import annotations

import pytest

from courtops.core.actors import SYSTEM
from nodes.catalog import canonical_standard, content_hash, expand_template, read_library
from nodes.models import NodeSpec, Standard, StandardVersion, TemplateVersion
from nodes.services import catalog_load, standard_export_excel
from nodes.services.excel import parse_workbook
from nodes.validation import check_graph, validate_library


@pytest.fixture(scope="module")
def library():
    return read_library()


def test_the_shipped_library_has_no_problem(library):
    problems = validate_library(library)
    assert [str(p) for p in problems] == []


def test_the_shipped_library_has_the_expected_shape(library):
    standards = [s.doc for s in library.standards]
    assert len({s["code"] for s in standards}) == 27  # S27: publicity, security, finance
    assert len({s["board"] for s in standards}) == 5
    assert sum(len(s["nodes"]) for s in standards) >= 900
    assert len(library.templates) >= 12


def _templates():
    lib = read_library()
    return [(t.path, t.doc) for t in lib.templates]


@pytest.mark.parametrize(
    ("path", "doc"), _templates(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_each_template_passes_the_graph_checks(library, path, doc):
    fragments = {f.doc["code"]: f.doc for f in library.fragments}
    nodes = {n["code"]: n for s in library.standards for n in s.doc["nodes"]}
    graph = expand_template(doc, fragments)
    assert [str(p) for p in check_graph(path, graph, nodes)] == []


@pytest.mark.django_db
def test_loading_the_shipped_library_twice_changes_nothing_and_excel_round_trips_every_standard():
    first = catalog_load(actor=SYSTEM)
    assert first.changed
    counts = (
        StandardVersion.objects.count(),
        NodeSpec.objects.count(),
        TemplateVersion.objects.count(),
    )
    second = catalog_load(actor=SYSTEM)
    assert not second.changed
    assert counts == (
        StandardVersion.objects.count(),
        NodeSpec.objects.count(),
        TemplateVersion.objects.count(),
    )
    for standard in Standard.objects.select_related("current", "board"):
        doc, errors = parse_workbook(standard_export_excel(version=standard.current, actor=SYSTEM))
        assert errors == [], standard.code
        assert content_hash(canonical_standard(doc)) == standard.current.content_hash, standard.code
