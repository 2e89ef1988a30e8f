"""Issue 9.2: the audit log reads as sentences in Chinese, with names and labels — no
``X object (4)``, no field names, no English enum values, no dicts, no database ids — for the
events the services really write."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from courtops.core.audit_reading import read_events
from courtops.core.cases import services as case_services
from courtops.core.cases.choices import Procedure
from courtops.core.choices import AuditAction
from courtops.core.models import AuditEvent, Person
from courtops.core.services.audit import audit_record
from courtops.core.services.people import person_set_active, person_unlock

SNAKE = re.compile(r"[a-z]+_[a-z_]+")
ASCII_WORD = re.compile(r"\b(?!IP\b|EMS\b)[A-Za-z]{2,}\b")


def _texts(events) -> list[str]:
    with translation.override("zh-hans"):
        return [r.text for r in read_events(events)]


def _assert_reads_well(text: str) -> None:
    # Usernames are data a person types (``office_a``), not internal keys.
    for username in Person.objects.values_list("username", flat=True):
        text = text.replace(username, "")
    assert "object (" not in text, text
    assert "{" not in text and "}" not in text and "'" not in text, text
    assert not SNAKE.search(text), text
    assert not ASCII_WORD.search(text.replace("（", " ").replace("）", " ")), text


def test_a_status_change_of_an_extension_names_the_case_and_the_labels(
    court_a, office_a, case_in_unit
):
    ext = case_services.extension_request(
        actor=office_a,
        case_id=case_in_unit.pk,
        requested_on=dt.date(2026, 8, 1),
        amount=6,
        unit="months",
        reason="案情复杂",
    )
    case_services.extension_decide(
        actor=office_a,
        extension_id=ext.pk,
        approve=True,
        approver="院长",
        decided_on=dt.date(2026, 8, 2),
    )
    events = AuditEvent.objects.filter(object_type="core.timelimitextension").order_by("id")
    texts = _texts(events)
    for text in texts:
        _assert_reads_well(text)
    assert case_in_unit.case_number in texts[-1]
    assert "已批准" in texts[-1]


def test_person_events_read_with_names_and_role_labels(
    office_a, judge_a, company_x, staff_x, supervisor_x
):
    person_set_active(actor=office_a, person=judge_a, active=False, reason="调离")
    person_unlock(actor=supervisor_x, person=staff_x, reason="忘记密码")
    texts = _texts(AuditEvent.objects.order_by("id"))
    for text in texts:
        _assert_reads_well(text)
    assert any("审管办甲" in t and "法官甲" in t for t in texts)
    assert any("主管X" in t and "服务人员X" in t for t in texts)


def test_the_case_register_events_read_without_ids_or_dicts(court_a, office_a):
    from tests.cases.conftest import register, staffed_unit

    units = [staffed_unit(court_a, 1, ["民间借贷纠纷"]), staffed_unit(court_a, 2, ["民间借贷纠纷"])]
    draft = case_services.ruleset_draft(actor=office_a, court=court_a)
    case_services.ruleset_update(
        actor=office_a, rule_set=draft, procedure_weights={Procedure.ORDINARY: 2}
    )
    case_services.rule_add(actor=office_a, rule_set=draft, cause=None, units=units)
    case_services.ruleset_publish(actor=office_a, rule_set=draft)
    cases = [register(court_a, n) for n in (1, 2, 3)]
    case_services.cases_allocate(actor=office_a, court=court_a, case_ids=[c.pk for c in cases])
    case_services.cases_allocate(actor=office_a, court=court_a)
    events = AuditEvent.objects.filter(court=court_a).order_by("id")
    texts = _texts(events)
    assert len(texts) > 10
    for text in texts:
        _assert_reads_well(text)
    assert any("普通程序" in t for t in texts)
    assert any(cases[0].case_number in t for t in texts)


def test_a_weights_dict_reads_with_procedure_labels(court_a, office_a):
    event = audit_record(
        actor=office_a,
        action=AuditAction.UPDATE,
        object_type="core.allocationruleset",
        object_id="999",
        object_repr="v2",
        court_id=court_a.pk,
        changes={"procedure_weights": [{Procedure.ORDINARY: 2.0}, {Procedure.ORDINARY: 3.0}]},
    )
    (text,) = _texts([event])
    _assert_reads_well(text)
    assert "普通程序" in text


def test_a_failed_login_names_the_person_behind_the_account(office_a, judge_a):
    from django.test import Client

    Client().post(
        "/accounts/login/", {"username": "judge_a", "password": "x"}, REMOTE_ADDR="10.1.1.1"
    )
    (text,) = _texts(AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED))
    assert "法官甲" in text and "登录失败" in text


def test_the_audit_page_shows_sentences(court_a, office_a, judge_a, client_for):
    person_set_active(actor=office_a, person=judge_a, active=False, reason="调离")
    body = client_for(office_a).get("/core/audit/").content.decode()
    assert "法官甲" in body
    assert "is_active" not in body


@pytest.fixture
def case_in_unit(court_a):
    from tests.cases.conftest import register

    return register(court_a, 1)
