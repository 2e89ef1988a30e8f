"""A checklist item that asks the reviewer to look at a photo, a signature, a receipt, a stamp,
a scan or a screenshot can only be ticked if the node records that evidence: every such node of
the shipped library has a ``file`` output."""

from __future__ import annotations

import re

from nodes.catalog import read_library

EVIDENCE = re.compile(r"照片|拍照|签字|签名|签收|回执|截图|扫描|盖章")

# Items where the word names no document to look at: a postal scan *event* (its time is an output),
# the wording of a document, or records that live in the case system.
NOT_EVIDENCE = {
    ("S07-023", "C1"),  # 登记、扫描、编目、挂接、移交五项记录齐全 — system records
    ("S08-035", "C2"),  # 尾部有签收后生效表述 — wording of the mediation document
    ("S15-003", "C3"),  # 揽收至收寄扫描间隔 — postal scan event time
    ("S15-024", "C3"),  # 确定退回至未妥投扫描间隔 — postal scan event time
    ("S19-034", "C2"),  # 退回日期取营业部退回扫描日 — postal scan event date
    ("S26-021", "C2"),  # 打印队列和扫描缓存已清除 — device state
}


def test_every_checklist_item_that_relies_on_evidence_has_a_file_output_on_its_node():
    missing = []
    for standard in read_library().standards:
        for node in standard.doc["nodes"]:
            if any(o.get("type") == "file" for o in node.get("outputs", [])):
                continue
            for item in node.get("checklist", []):
                if (node["code"], item["code"]) in NOT_EVIDENCE:
                    continue
                if EVIDENCE.search(item["text"]):
                    missing.append(f"{node['code']} {item['code']} {item['text']}")
    assert missing == []


def test_the_exceptions_still_name_items_that_exist():
    items = {
        (node["code"], item["code"])
        for standard in read_library().standards
        for node in standard.doc["nodes"]
        for item in node.get("checklist", [])
    }
    assert items >= NOT_EVIDENCE
