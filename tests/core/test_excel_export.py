"""Excel out: formulas are neutralised and the audit trail exports what the filter shows."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from courtops.core.choices import AuditAction
from courtops.core.excel import safe_cell, workbook_bytes
from courtops.core.models import AuditEvent


def test_cells_that_would_run_as_formulas_are_neutralised():
    for dangerous in ('=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous).startswith("'")
    assert safe_cell("（2024）粤1971民初1234号") == "（2024）粤1971民初1234号"
    assert safe_cell(12) == 12
    wb = load_workbook(io.BytesIO(workbook_bytes([("表", ["A"], [["=1+1"]])])))
    assert wb["表"]["A2"].value == "'=1+1"
    assert wb["表"]["A2"].data_type == "s"


def test_the_office_exports_its_courts_audit_trail_and_the_export_is_audited(
    office_a, office_b, client_for
):
    response = client_for(office_a).get("/core/audit/", {"format": "xlsx"})
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    actors = {row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert "审管办甲" in actors and "审管办乙" not in actors
    assert AuditEvent.objects.filter(actor=office_a, action=AuditAction.EXPORT).exists()
