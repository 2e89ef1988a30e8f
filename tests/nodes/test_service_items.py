"""The service-items catalogue: the items the court buys, each mapped to its nodes and pay unit —
validated (every node in exactly one item, unknown codes refused), loaded, shown and served."""

from __future__ import annotations

import shutil

import pytest

from courtops.core.actors import SYSTEM
from nodes import service_items
from nodes.catalog import read_library
from nodes.models import ServiceItem
from nodes.services import catalog_load
from nodes.validation import validate_library
from tests.nodes.conftest import FIXTURE_LIBRARY

CATALOGUE = """
- {code: SI01, name: 邮寄送达, name_en: Service by mail, area: service, pay_unit: item,
   standards: [S01], nodes: [S01-001..S01-004]}
- {code: SI02, name: 热线, area: hotline, non_case: true, pay_unit: hour, nodes: [S01-005]}
- {code: SI03, name: 审判辅助, area: trial, pay_unit: task, standards: [S02]}
"""


def _library(tmp_path, catalogue: str = CATALOGUE):
    root = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    (root / "service_items.yaml").write_text(catalogue, encoding="utf-8")
    return root


def _problems(root):
    return [str(p) for p in validate_library(read_library(root), complete=False)]


def test_the_shipped_catalogue_puts_every_node_in_exactly_one_of_58_items():
    lib = read_library()
    nodes = {n["code"]: n["code"].split("-")[0] for s in lib.standards for n in s.doc["nodes"]}
    problems = []
    items = service_items.resolve(lib.service_items.doc, nodes, lambda *a: problems.append(a))
    assert problems == []
    assert len(items) == 58
    covered = [code for codes in items.values() for code in codes]
    assert sorted(covered) == sorted(nodes)
    areas = {d["area"] for d in lib.service_items.doc}
    assert {"publicity", "security", "hotline", "printing", "it", "statistics"} <= areas
    # the non-case services that had no nodes now have real ones
    by_name = {d["name"]: d["code"] for d in lib.service_items.doc}
    assert items[by_name["新闻宣传"]] and items[by_name["安全保卫"]]


def test_a_sound_catalogue_validates(tmp_path):
    assert _problems(_library(tmp_path)) == []


def test_an_unknown_node_code_is_refused(tmp_path):
    bad = CATALOGUE.replace("nodes: [S01-005]", "nodes: [S01-005, S01-099]")
    assert any(
        "item SI02: node S01-099 does not exist" in p for p in _problems(_library(tmp_path, bad))
    )


def test_an_unknown_standard_is_refused(tmp_path):
    bad = CATALOGUE.replace("standards: [S02]", "standards: [S02, S42]")
    assert any("standard S42 does not exist" in p for p in _problems(_library(tmp_path, bad)))


def test_a_node_in_two_items_is_refused(tmp_path):
    bad = CATALOGUE.replace("nodes: [S01-005]", "nodes: [S01-004..S01-005]")
    assert any("node S01-004 is also in SI01" in p for p in _problems(_library(tmp_path, bad)))


def test_a_node_in_no_item_is_refused(tmp_path):
    bad = CATALOGUE.replace("pay_unit: task, standards: [S02]", "pay_unit: task, nodes: [S02-001]")
    problems = _problems(_library(tmp_path, bad))
    assert any("node S02-002 belongs to no service item" in p for p in problems)


def test_a_complete_library_needs_the_catalogue(tmp_path):
    root = _library(tmp_path)
    (root / "service_items.yaml").unlink()
    problems = [str(p) for p in validate_library(read_library(root), complete=True)]
    assert any(p.startswith("service_items.yaml: missing") for p in problems)


@pytest.mark.django_db
def test_loading_stores_the_items_with_their_nodes_and_reloading_changes_nothing(tmp_path):
    root = _library(tmp_path)
    report = catalog_load(actor=SYSTEM, root=root, complete=False)
    assert report.service_items_created == ["SI01", "SI02", "SI03"]
    mail = ServiceItem.objects.get(code="SI01")
    assert sorted(mail.node_types.values_list("code", flat=True)) == [
        "S01-001",
        "S01-002",
        "S01-003",
        "S01-004",
    ]
    assert (mail.pay_unit, mail.area, mail.non_case) == ("item", "service", False)
    assert not catalog_load(actor=SYSTEM, root=root, complete=False).changed


@pytest.mark.django_db
def test_a_changed_item_is_updated_and_a_dropped_one_kept_inactive(tmp_path):
    root = _library(tmp_path)
    catalog_load(actor=SYSTEM, root=root, complete=False)
    changed = CATALOGUE.replace(
        "pay_unit: hour, nodes: [S01-005]", "pay_unit: item, nodes: [S01-005]"
    )
    changed = changed.replace("standards: [S02]", "standards: [S02]}\n").split("\n- {code: SI03")[0]
    changed += "\n- {code: SI04, name: 审判辅助, area: trial, pay_unit: task, standards: [S02]}\n"
    (root / "service_items.yaml").write_text(changed, encoding="utf-8")
    report = catalog_load(actor=SYSTEM, root=root, complete=False)
    assert report.service_items_updated == ["SI02"]
    assert report.service_items_retired == ["SI03"]
    assert ServiceItem.objects.get(code="SI02").pay_unit == "item"
    assert not ServiceItem.objects.get(code="SI03").active


@pytest.mark.django_db
def test_the_library_page_and_the_api_show_the_items(tmp_path, client_for, staff_x, office_a):
    catalog_load(actor=SYSTEM, root=_library(tmp_path), complete=False)
    page = client_for(office_a).get("/nodes/service-items/", {"item": "SI01"}).content.decode()
    assert "邮寄送达" in page and 'href="/nodes/node/S01-003/"' in page
    listing = client_for(staff_x).get("/api/nodes/service-items/").json()
    assert {i["code"]: (i["pay_unit"], len(i["nodes"])) for i in listing} == {
        "SI01": ("item", 4),
        "SI02": ("hour", 1),
        "SI03": ("task", 3),
    }
