"""台账 import: template, errors by row and column, all or nothing, no duplicates on re-import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from courtops.core.cases.importer import COLUMNS, ledger_import, template_workbook
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import Case, Party

HEADERS = [h for h, _f, _r in COLUMNS]


def ledger(rows, headers=HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def row(n, cause="民间借贷纠纷", date=dt.date(2026, 3, 2), number=None, **extra):
    values = {
        "案号": number or f"(2026)粤1971民初{n}号",
        "案由": cause,
        "审理程序": "简易程序",
        "繁简": "简",
        "立案日期": date,
        "原告/申请人": "张三",
        "原告证件号码": "440306199001011236",
        "原告联系电话": "13812345678",
        "原告地址": "广东省东莞市南城街道鸿福路1号",
        "被告/被申请人": "李四、东莞市某某贸易有限公司",
        "被告证件号码": "、91441900MA4W8K2L3X",
        "被告联系电话": "13900001111",
        "被告地址": "",
        **extra,
    }
    return [values[h] for h in HEADERS]


def test_the_template_has_the_chinese_headers_and_imports_as_is(court_a, office_a):
    wb = load_workbook(io.BytesIO(template_workbook()))
    assert [c.value for c in wb.active[1]] == HEADERS
    result = ledger_import(actor=office_a, court=court_a, source=io.BytesIO(template_workbook()))
    assert result["created"] == 1
    case = Case.objects.get()
    assert case.case_number == "（2026）粤1971民初1234号" and case.procedure == "civil_simple"
    assert [p.role for p in case.parties.order_by("position")] == [
        "plaintiff",
        "defendant",
        "defendant",
    ]
    assert case.parties.get(name="东莞市某某贸易有限公司").kind == "organisation"


def test_a_ledger_imports_its_rows_with_parties(court_a, office_a):
    result = ledger_import(
        actor=office_a, court=court_a, source=ledger([row(n) for n in range(1, 31)])
    )
    assert result == {"rows": 30, "created": 30, "existing": 0}
    assert Party.objects.count() == 90
    assert Case.objects.filter(source="import", time_limit_end__isnull=False).count() == 30


def test_errors_are_listed_by_row_and_column_and_nothing_is_imported(court_a, office_a):
    rows = [
        row(1),
        row(2, cause="不存在的案由"),
        row(3, number="（2026）粤1971民x3号"),
        row(4, date="2026-13-01"),
        row(5),
    ]
    with pytest.raises(ValidationFailed) as exc:
        ledger_import(actor=office_a, court=court_a, source=ledger(rows))
    problems = {(e["row"], e["field"]) for e in exc.value.errors}
    assert problems == {(3, "案由"), (4, "案号"), (5, "立案日期")}
    assert any("type code 民x is unknown" in e["message"] for e in exc.value.errors)
    assert Case.objects.count() == 0 and Party.objects.count() == 0


def test_a_number_twice_in_the_file_is_an_error(court_a, office_a):
    with pytest.raises(ValidationFailed) as exc:
        ledger_import(actor=office_a, court=court_a, source=ledger([row(1), row(1)]))
    assert exc.value.errors[0]["row"] == 3 and "row 2" in exc.value.errors[0]["message"]
    assert not Case.objects.exists()


def test_importing_the_same_file_again_creates_no_duplicates(court_a, office_a):
    data = ledger([row(n) for n in range(1, 11)]).getvalue()
    ledger_import(actor=office_a, court=court_a, source=io.BytesIO(data))
    again = ledger_import(actor=office_a, court=court_a, source=io.BytesIO(data))
    assert again == {"rows": 10, "created": 0, "existing": 10}
    assert Case.objects.count() == 10 and Party.objects.count() == 30


def test_a_missing_required_column_is_named(court_a, office_a):
    headers = [h for h in HEADERS if h != "案由"]
    with pytest.raises(ValidationFailed, match="案由"):
        ledger_import(actor=office_a, court=court_a, source=ledger([], headers=headers))


def test_a_file_that_is_not_a_workbook_is_refused(court_a, office_a):
    with pytest.raises(ValidationFailed, match="not an Excel workbook"):
        ledger_import(actor=office_a, court=court_a, source=io.BytesIO(b"hello"))


def test_another_courts_numbers_are_refused(court_a, office_a):
    with pytest.raises(ValidationFailed) as exc:
        ledger_import(
            actor=office_a, court=court_a, source=ledger([row(1, number="（2026）粤0703民初1号")])
        )
    assert "粤0703" in exc.value.errors[0]["message"]


def test_the_command_imports_a_file_and_shows_progress(court_a, tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(ledger([row(n) for n in range(1, 6)]).getvalue())
    out = io.StringIO()
    call_command("cases_import", str(path), "--court", "粤1971", stdout=out)
    assert "5 created" in out.getvalue() and Case.objects.count() == 5


def test_the_template_downloads(court_a, office_a, client_for):
    response = client_for(office_a).get("/cases/import/template.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "案号"
