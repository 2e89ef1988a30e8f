"""One court-mail posting is one work order, not ~25 postal tasks: in every EMS service fragment
the China Post chain (pick-up, 五日三投, signature or return, receipt back) and the package made
for it are declared work orders, reviewed by sample; an enforcement inquiry round is one too."""

from __future__ import annotations

import pytest

from nodes.catalog import read_library

EMS = [
    "ems_first_service",
    "ems_answer_service",
    "ems_appeal_service",
    "ems_appeal_answer_service",
    "ems_hearing_notice",
    "ems_judgment_service",
    "enforcement_document_service",
    "preservation_service",
]


@pytest.fixture(scope="module")
def library():
    lib = read_library()
    nodes = {n["code"]: n for s in lib.standards for n in s.doc["nodes"]}
    fragments = {f.doc["code"]: f.doc for f in lib.fragments}
    return nodes, fragments


@pytest.mark.parametrize("code", EMS)
def test_the_postal_chain_of_a_mailing_is_one_sampled_work_order(library, code):
    nodes, fragments = library
    frag = fragments[code]
    postal = {s["id"] for s in frag["steps"] if s.get("node", "").startswith("S15-")}
    orders = [w for w in frag.get("work_orders") or [] if set(w["steps"]) & postal]
    assert len(orders) == 1, [w["id"] for w in orders]
    (mailing,) = orders
    assert postal <= set(mailing["steps"])
    assert mailing["review"] == "sampled"
    package = [w for w in frag["work_orders"] if w["id"] == "package"]
    assert package and package[0]["review"] == "sampled"


def test_an_enforcement_inquiry_round_is_one_work_order(library):
    _nodes, fragments = library
    frag = fragments["enforcement_inquiry"]
    (order,) = frag["work_orders"]
    assert set(order["steps"]) == {s["id"] for s in frag["steps"]}
    assert order["review"] == "sampled"
