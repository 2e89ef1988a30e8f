"""Issue 10.3: the audit Excel export answers with a workbook for every action kind and every
shape an event's changes take (before/after pairs, import counts, lists, dicts, nested dicts),
each row reading as a sentence with the raw stored changes beside it."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from courtops.core.choices import AuditAction
from courtops.core.services.audit import audit_record, audit_seal_all

SHAPES = {
    "pairs": {"is_active": [True, False], "role": ["judge", "office"]},
    "import counts": {"created": 120, "existing": 3, "source": "import"},
    "a list": {"fields": ["address", "id_number", "phone"], "case": 1},
    "a dict of pairs": {"allocated": {"（2026）粤1971民初1号": [1, 2]}, "rule_set_version": 3},
    "nested dicts": {"procedure_weights": [{"civil_ordinary": 2.0}, {"civil_ordinary": 3.5}]},
    "a bare list": ["a", "b", "c"],
    "a pair with lists": {"causes": [None, [1, 2, 3]]},
    "odd text": {"note": [None, '=HYPERLINK("x")\x01\x02 控制字符']},
    "empty": {},
}


@pytest.mark.parametrize("action", AuditAction.values)
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_export_writes_every_event(action, shape, court_a, office_a, client_for):
    audit_record(
        actor=office_a,
        action=action,
        object_type="core.case",
        object_id="1",
        object_repr="（2026）粤1971民初1号",
        court_id=court_a.pk,
        changes=SHAPES[shape],
        reason="理由\x00带控制字符",
        ip_address="10.1.2.3",
    )
    audit_seal_all()
    response = client_for(office_a).get("/core/audit/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    raw_column = header.index("原始变更记录")
    ours = [r for r in body if r[header.index("IP 地址")] == "10.1.2.3"]
    assert len(ours) == 1
    assert ours[0][header.index("事件")].startswith("审管办甲（审管办）") or action == (
        AuditAction.LOGIN_FAILED
    )
    stored = ours[0][raw_column].lstrip("'")
    assert json.loads(stored) == SHAPES[shape]  # control characters survive as \u escapes


def test_the_audit_page_shows_every_shape(court_a, office_a, client_for):
    for shape in SHAPES.values():
        audit_record(
            actor=office_a,
            action=AuditAction.IMPORT,
            object_type="core.case",
            court_id=court_a.pk,
            changes=shape,
        )
    assert client_for(office_a).get("/core/audit/").status_code == 200
