"""The standards import answers in Chinese, naming the sheet, row and column of every problem;
a missing sheet is named (not "row 0"); a formula with no saved result is said to be one."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import ValidationFailed
from nodes.models import Standard
from nodes.services import standard_export_excel, standard_import_excel


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues():
    """The Chinese catalogue compiled (``make test`` does it too) and re-read."""
    call_command("i18n_compile", verbosity=0)
    translation.trans_real._translations = {}
    translation.trans_real._default = None
    yield


def _workbook(change) -> bytes:
    current = Standard.objects.get(code="S01").current
    assert current is not None
    data = standard_export_excel(version=current, actor=SYSTEM)
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _errors(data: bytes, office) -> list[str]:
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as exc:
        standard_import_excel(actor=office, data=data)
    return exc.value.errors


ENGLISH = re.compile(r"\b(is not one of|must be|missing|sheet|row|column|not a number)\b")


def test_every_problem_is_in_chinese_with_its_row_and_column(fixture_library, platform_admin):
    def break_it(wb):
        wb["节点"]["D2"] = "nobody"  # performer
        wb["节点"]["A3"] = "S01-1"  # code
        wb["输出字段"]["E3"] = "colour"  # output type

    errors = _errors(_workbook(break_it), platform_admin)
    text = "\n".join(errors)
    assert not ENGLISH.search(text), text
    assert any("第 2 行" in e and "执行人" in e and "nobody" in e for e in errors), text
    assert any("第 3 行" in e and "节点编码" in e and "S01-NNN" in e for e in errors), text
    assert any("输出字段" in e and "第 3 行" in e and "类型" in e for e in errors), text


def test_a_missing_sheet_is_named_without_a_row(fixture_library, platform_admin):
    errors = _errors(_workbook(lambda wb: wb.remove(wb["验收项"])), platform_admin)
    text = "\n".join(errors)
    assert "验收项" in text and "第 0 行" not in text and "row 0" not in text


def test_a_formula_without_a_saved_result_is_not_reported_as_empty(fixture_library, platform_admin):
    def formula(wb):
        wb["节点"]["B2"] = '=CONCATENATE("立案","审查")'  # openpyxl saves no result

    errors = _errors(_workbook(formula), platform_admin)
    text = "\n".join(errors)
    assert "公式" in text and "第 2 行" in text and "名称" in text
