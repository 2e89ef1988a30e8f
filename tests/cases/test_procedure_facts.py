"""Procedure facts of the register (domain: court-procedure.md): 执异 cases are examined within
15 days (CPL 236), 督促程序 is its own procedure, the closing manners offered depend on the
procedure, and an unallocated case is not offered 进入审理."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from courtops.core.cases.choices import ClosingManner, Procedure
from courtops.core.cases.services import case_close, case_start_trial
from courtops.core.exceptions import Conflict, ValidationFailed

from .conftest import register, staffed_unit


def test_an_enforcement_objection_runs_under_a_fifteen_day_limit(court_a, office_a):
    staffed_unit(court_a, 21, ["执行异议"])
    case = register(court_a, 5, "执行异议", type_code="执异", filed=dt.date(2026, 3, 2))
    assert case.procedure == Procedure.ENFORCEMENT_OBJECTION
    # Counted from the next day: 3 March + 15 days = 17 March 2026 (a Tuesday).
    assert case.time_limit_end == dt.date(2026, 3, 17)


def test_a_payment_order_application_is_the_supervision_procedure_not_special(court_a):
    staffed_unit(court_a, 30, ["申请支付令"])
    case = register(court_a, 6, "申请支付令", type_code="民督", filed=dt.date(2026, 3, 2))
    assert case.procedure == Procedure.PAYMENT_ORDER
    assert case.procedure != Procedure.SPECIAL
    # Until the library has its own template, the special procedure's template serves.
    assert Procedure.PAYMENT_ORDER.workflow_template == Procedure.SPECIAL


def test_a_civil_first_instance_case_cannot_end_as_enforcement_completed(
    court_a, office_a, lending_units
):
    offered = Procedure.ORDINARY.closing_manners
    assert ClosingManner.ENFORCED not in offered
    assert ClosingManner.TERMINATED not in offered
    assert ClosingManner.ENFORCED in Procedure.ENFORCEMENT.closing_manners
    case = register(court_a, 7, filed=dt.date(2026, 3, 2))
    with pytest.raises(ValidationFailed) as refused:
        case_close(
            actor=office_a,
            case_id=case.pk,
            manner=ClosingManner.TERMINATED,
            closing_date=dt.date(2026, 4, 1),
        )
    assert refused.value.field == "manner"
    case_close(
        actor=office_a,
        case_id=case.pk,
        manner=ClosingManner.JUDGMENT,
        closing_date=dt.date(2026, 4, 1),
    )


def test_the_close_form_on_a_civil_case_offers_no_enforcement_endings(
    court_a, office_a, client_for, lending_units
):
    case = register(court_a, 8, filed=dt.date(2026, 3, 2))
    page = client_for(office_a).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'value="judgment"' in page
    assert 'value="enforced"' not in page
    assert 'value="terminated"' not in page


def test_an_unallocated_enforcement_case_is_not_offered_start_trial(court_a, office_a, client_for):
    case = register(court_a, 9, "申请执行民事判决", type_code="执", filed=dt.date(2026, 3, 2))
    assert case.trial_unit_id is None
    page = client_for(office_a).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "start-trial" not in page
    with pytest.raises(Conflict):
        case_start_trial(actor=office_a, case_id=case.pk)
