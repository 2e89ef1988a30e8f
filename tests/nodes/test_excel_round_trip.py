"""Office staff author standards in Excel: export → import reproduces the content; a bad workbook
is refused with every error by sheet/row/column and nothing is written."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import PermissionRefused, ValidationFailed
from nodes.choices import VersionStatus
from nodes.models import Standard, StandardVersion
from nodes.selectors import version_to_doc
from nodes.services import standard_export_excel, standard_import_excel


def test_export_then_import_gives_a_draft_with_the_same_content_hash(
    fixture_library, platform_admin
):
    published = Standard.objects.get(code="S01").current
    data = standard_export_excel(version=published, actor=platform_admin)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["标准", "节点", "输出字段", "验收项", "差错代码"]
    draft = standard_import_excel(actor=platform_admin, data=data, filename="S01.xlsx")
    assert draft.status == VersionStatus.DRAFT and draft.version == 2
    assert draft.content_hash == published.content_hash
    a, b = version_to_doc(published), version_to_doc(draft)
    a.pop("version"), b.pop("version")
    assert a == b


def test_importing_again_replaces_the_open_draft(fixture_library, platform_admin):
    data = standard_export_excel(version=Standard.objects.get(code="S01").current, actor=SYSTEM)
    first = standard_import_excel(actor=platform_admin, data=data)
    second = standard_import_excel(actor=platform_admin, data=data)
    assert second.version == first.version
    assert StandardVersion.objects.filter(standard__code="S01", status="draft").count() == 1


def _broken_workbook():
    data = standard_export_excel(version=Standard.objects.get(code="S01").current, actor=SYSTEM)
    wb = load_workbook(io.BytesIO(data))
    wb["节点"]["D2"] = "robot"  # performer of the first node
    wb["输出字段"]["E3"] = "colour"  # type of an output
    wb["节点"]["G3"] = "three"  # time limit
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_broken_workbook_lists_every_error_and_writes_nothing(fixture_library, platform_admin):
    count = StandardVersion.objects.count()
    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        standard_import_excel(actor=platform_admin, data=_broken_workbook())
    errors = "\n".join(exc.value.errors)
    assert "sheet 节点 row 3 column 时限: not a number: three" in errors
    assert "sheet 节点 row 2 column 执行人: performer 'robot'" in errors
    assert "sheet 输出字段 row 3 column 类型: output type 'colour'" in errors
    assert StandardVersion.objects.count() == count


def test_only_the_office_imports(fixture_library, judge_a):
    data = standard_export_excel(version=Standard.objects.get(code="S01").current, actor=SYSTEM)
    with pytest.raises(PermissionRefused):
        standard_import_excel(actor=judge_a, data=data)
