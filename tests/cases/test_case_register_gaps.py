"""Gaps clerks hit in the case register: search by party name and 案号 fragments, export of the
filtered list, every form error at once beside its field, ISO dates in date inputs, and the
queue of extension requests the president decides as himself."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from courtops.core.cases.choices import ExtensionStatus, PeriodUnit
from courtops.core.cases.services import extension_request
from courtops.core.choices import AuditAction
from courtops.core.models import AuditEvent, TimeLimitExtension

from .conftest import register


@pytest.fixture
def three_cases(court_a, lending_units):
    return [
        register(
            court_a,
            123,
            parties=[
                {"role": "plaintiff", "name": "张三丰", "id_number": "", "phone": "13800000001"}
            ],
        ),
        register(court_a, 456, parties=[{"role": "plaintiff", "name": "李四"}]),
        register(court_a, 1234, "离婚纠纷", parties=[{"role": "plaintiff", "name": "王五"}]),
    ]


def _numbers(page: str) -> set[str]:
    return set(re.findall(r"民初(\d+)号</a>", page))


def test_cases_are_found_by_party_name_and_case_number_fragments(three_cases, office_a, client_for):
    client = client_for(office_a)
    url = reverse("cases:list")
    assert _numbers(client.get(url, {"q": "张三"}).content.decode()) == {"123"}
    assert _numbers(client.get(url, {"q": "民初123"}).content.decode()) == {"123", "1234"}
    assert _numbers(client.get(url, {"q": "(2026) 王五"}).content.decode()) == {"1234"}
    page = client.get(url, {"q": "张三"}).content.decode()
    assert "13800000001" not in page  # searching unmasks nothing


def test_the_case_list_exports_to_excel_with_the_same_filter(three_cases, office_a, client_for):
    response = client_for(office_a).get(reverse("cases:export"), {"q": "民初123"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    numbers = sorted(row[0].value for row in sheet.iter_rows(min_row=2))
    assert len(numbers) == 2 and all("民初123" in n for n in numbers)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="core.case").exists()


def test_every_register_error_shows_beside_its_field_at_once(three_cases, office_a, client_for):
    client = client_for(office_a)
    with translation.override("zh-hans"):
        page = client.post(
            reverse("cases:register"),
            {
                "case_number": three_cases[0].case_number,  # a duplicate …
                "cause": "",  # … with a missing cause
                "filing_date": "",  # … and a missing filing date
                "plaintiff_kind": "person",
                "defendant_kind": "person",
                "plaintiff": "赵六",
                "plaintiff_id": "123",  # … and a bad ID number
            },
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    fields = re.findall(r'<div class="field has-error">\s*<label for="id_(\w+)"', page)
    assert {"case_number", "cause", "filing_date", "plaintiff_id"} <= set(fields), fields
    assert "已登记" in page or "already registered" in page


def test_a_bad_case_number_brings_no_spurious_procedure_error(court_a, office_a, client_for):
    page = (
        client_for(office_a)
        .post(
            reverse("cases:register"),
            {
                "case_number": "not a case number",
                "filing_date": "2026-03-02",
                "plaintiff_kind": "person",
                "defendant_kind": "person",
            },
        )
        .content.decode()
    )
    assert "程序“”不存在" not in page and "Procedure  is unknown" not in page


def test_date_inputs_carry_iso_dates_in_chinese_mode(three_cases, office_a, client_for):
    page = client_for(office_a).get(
        reverse("cases:detail", args=[three_cases[0].pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = page.content.decode()
    values = re.findall(r'<input type="date" name="closing_date" value="([^"]*)"', html)
    assert values and re.fullmatch(r"\d{4}-\d{2}-\d{2}", values[0]), values


def test_the_president_decides_extensions_from_the_queue_as_himself(
    court_a, office_a, leader_a, judge_a, client_for, lending_units
):
    case = register(court_a, 77, procedure="civil_ordinary", filed=dt.date(2026, 3, 2))
    ext = extension_request(
        actor=office_a,
        case_id=case.pk,
        amount=3,
        unit=PeriodUnit.MONTHS,
        reason="案情复杂",
        requested_on=dt.date(2026, 8, 1),
    )
    queue = reverse("cases:extension-queue")
    assert case.case_number in client_for(office_a).get(queue).content.decode()
    assert client_for(judge_a).get(queue).status_code == 403
    leader = client_for(leader_a)
    page = leader.get(queue).content.decode()
    assert case.case_number in page and 'name="approver"' not in page
    response = leader.post(
        reverse("cases:extension-decide", args=[case.pk, ext.pk]),
        {"approve": "1", "evidence": "延审审批表", "from": "queue"},
    )
    assert response.status_code == 302 and response["Location"] == queue
    ext = TimeLimitExtension.objects.get(pk=ext.pk)
    assert ext.status == ExtensionStatus.APPROVED
    assert ext.decided_by == leader_a and ext.approver == leader_a.full_name
    assert case.case_number not in leader.get(queue).content.decode()
