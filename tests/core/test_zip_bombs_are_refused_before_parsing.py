"""A workbook that expands far beyond its size (a zip bomb), or declares more rows or cells than
the installation allows, is refused by every import path BEFORE openpyxl parses it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from courtops.core import excel
from courtops.core.actors import SYSTEM
from courtops.core.cases import tasks
from courtops.core.cases.import_jobs import import_job_create
from courtops.core.cases.importer import ledger_import
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import Case, ImportJob
from nodes.models import Standard
from nodes.services import standard_export_excel, standard_import_excel

from ..cases.test_ledger_import import HEADERS, ledger, row
from ..nodes.conftest import fixture_library  # noqa: F401 — the standards library fixture


def _replace_sheet(data: bytes, sheet_xml: bytes) -> bytes:
    """The workbook ``data`` with its first sheet's XML replaced (highly compressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = sheet_xml
            dst.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def bomb(base: bytes | None = None) -> bytes:
    """~12 MB of identical rows that compress to a few KB: no dimension, so only the archive's
    compression ratio and size give it away."""
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 250_000
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )
    return _replace_sheet(base or ledger([row(1)]).getvalue(), xml)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if openpyxl is asked to parse anything."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(excel, "load_workbook", refuse)


def test_a_zip_bomb_is_small_on_disk_and_huge_when_opened():
    data = bomb()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        expanded = sum(i.file_size for i in z.infolist())
    assert len(data) < 200_000 and expanded > 10_000_000


def test_the_ledger_upload_refuses_a_bomb_before_storing_it(
    court_a, office_a, client_for, no_parsing
):
    upload = io.BytesIO(bomb())
    upload.name = "bomb.xlsx"
    response = client_for(office_a).post(reverse("cases:import"), {"file": upload})
    assert response.status_code == 200 and "zip bomb" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_ledger_import_task_refuses_a_bomb(court_a, office_a, no_parsing):
    with pytest.raises(ValidationFailed, match="zip bomb"):
        ledger_import(actor=office_a, court=court_a, source=io.BytesIO(bomb()))


def test_the_command_line_import_refuses_a_bomb(court_a, tmp_path, no_parsing):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb())
    with pytest.raises(CommandError, match="zip bomb"):
        call_command("cases_import", str(path), "--court", court_a.code)
    assert not Case.objects.exists()


def test_the_command_line_import_refuses_a_file_beyond_the_upload_cap_unread(
    court_a, tmp_path, settings, no_parsing
):
    settings.COURTOPS_MAX_UPLOAD_BYTES = 1000
    path = tmp_path / "big.xlsx"
    path.write_bytes(ledger([row(n) for n in range(1, 50)]).getvalue())
    with pytest.raises(CommandError, match="the limit is 0 MB|limit"):
        call_command("cases_import", str(path), "--court", court_a.code)


@pytest.mark.usefixtures("fixture_library")
def test_the_standards_import_refuses_a_bomb(platform_admin, no_parsing):
    data = standard_export_excel(version=Standard.objects.get(code="S02").current, actor=SYSTEM)
    with pytest.raises(ValidationFailed) as exc:
        standard_import_excel(actor=platform_admin, data=bomb(data))
    assert "zip bomb" in "\n".join(exc.value.errors)


@pytest.mark.usefixtures("fixture_library")
def test_the_standards_upload_page_refuses_a_bomb_before_queueing(
    platform_admin, client_for, no_parsing
):
    data = standard_export_excel(version=Standard.objects.get(code="S02").current, actor=SYSTEM)
    upload = io.BytesIO(bomb(data))
    upload.name = "S02.xlsx"
    response = client_for(platform_admin).post(
        reverse("nodes:import", args=["S02"]), {"file": upload}
    )
    assert response.status_code == 302 and not ImportJob.objects.exists()


def test_declared_rows_beyond_the_limit_are_refused_before_parsing(
    court_a, office_a, settings, monkeypatch
):
    settings.COURTOPS_XLSX_MAX_ROWS = 100
    data = ledger([row(n) for n in range(1, 150)]).getvalue()  # openpyxl writes <dimension>
    monkeypatch.setattr(tasks.import_job_run_task, "delay", lambda job_id: None)
    with pytest.raises(ValidationFailed, match="150 rows"):
        import_job_create(actor=office_a, court=court_a, filename="l.xlsx", content=data)


def test_expanded_size_beyond_the_limit_is_refused(settings):
    settings.COURTOPS_XLSX_MAX_UNCOMPRESSED_BYTES = 5_000
    with pytest.raises(ValidationFailed, match="expands to"):
        excel.check_workbook_archive(ledger([row(n) for n in range(1, 40)]).getvalue())


def test_rows_beyond_the_limit_stop_the_read_when_no_dimension_is_declared(
    court_a, office_a, settings
):
    settings.COURTOPS_XLSX_MAX_ROWS = 100
    header = b"<row>" + b"".join(
        b'<c t="inlineStr"><is><t>' + h.encode() + b"</t></is></c>" for h in HEADERS
    )
    rows = (
        header
        + b"</row>"
        + b"".join(
            b'<row><c t="inlineStr"><is><t>' + str(i).encode() + b"</t></is></c></row>"
            for i in range(300)
        )
    )
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )
    data = _replace_sheet(ledger([row(1)]).getvalue(), xml)
    with pytest.raises(ValidationFailed, match="rows"):
        ledger_import(actor=office_a, court=court_a, source=io.BytesIO(data))


def test_an_ordinary_ledger_passes_the_checks(court_a, office_a):
    result = ledger_import(
        actor=office_a, court=court_a, source=ledger([row(n) for n in range(1, 30)])
    )
    assert result["created"] == 29
