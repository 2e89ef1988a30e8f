"""The pages: list with filters, detail, register, units, rules editor with dry run."""

from __future__ import annotations

import datetime as dt

from courtops.core.cases.services import cases_allocate
from courtops.core.models import Case, TrialUnit

from .conftest import cause, register, staffed_unit


def test_the_list_filters_by_cause_status_unit_and_period(
    court_a, office_a, client_for, lending_units
):
    a = register(court_a, 1, filed=dt.date(2026, 2, 1))
    b = register(court_a, 2, "离婚纠纷", filed=dt.date(2026, 5, 1))
    cases_allocate(actor=office_a, court=court_a, case_ids=[a.pk])
    client = client_for(office_a)

    def numbers(query):
        body = client.get("/cases/" + query).content.decode()
        return {c.case_number for c in (a, b) if c.case_number in body}

    assert numbers("") == {a.case_number, b.case_number}
    assert numbers(f"?cause={cause('婚姻家庭纠纷').pk}") == {b.case_number}  # sub-causes included
    assert numbers(f"?unit={lending_units[0].pk}") == {a.case_number}
    assert numbers("?filed_from=2026-04-01") == {b.case_number}
    assert numbers("?pending=1") == {b.case_number}
    assert numbers("?status=closed") == set()


def test_the_list_finds_cases_running_out_of_time(court_a, office_a, client_for):
    soon = register(
        court_a, 1, filed=dt.date(2026, 9, 10), procedure="civil_simple"
    )  # ends 10 Dec 2026
    later = register(court_a, 2, filed=dt.date(2026, 11, 2), procedure="civil_simple")
    body = client_for(office_a).get("/cases/?expiring=15").content.decode()
    assert soon.case_number in body and later.case_number not in body


def test_the_detail_shows_the_explanation_and_time_limit(
    court_a, office_a, client_for, lending_units
):
    case = register(court_a, 1)
    cases_allocate(actor=office_a, court=court_a, case_ids=[case.pk])
    case.refresh_from_db()
    body = client_for(office_a).get(f"/cases/{case.pk}/").content.decode()
    assert case.allocation_explanation in body
    assert 'data-testid="time-limit"' in body


def test_the_office_registers_a_case_through_the_form(court_a, office_a, client_for, lending_units):
    response = client_for(office_a).post(
        "/cases/new/",
        {
            "case_number": "(2026)粤1971民初77号",
            "cause": cause("民间借贷纠纷").pk,
            "filing_date": "2026-03-02",
            "plaintiff": "张三",
            "plaintiff_kind": "person",
            "defendant": "李四",
            "defendant_kind": "person",
            "allocate": "on",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.trial_unit is not None


def test_a_judge_cannot_open_the_register_form(judge_a, client_for):
    assert client_for(judge_a).get("/cases/new/").status_code == 403


def test_an_extension_request_from_the_page(court_a, office_a, client_for):
    case = register(court_a, 1, filed=dt.date(2026, 9, 1), procedure="civil_ordinary")
    client = client_for(office_a)
    client.post(
        f"/cases/{case.pk}/extensions/", {"amount": 3, "unit": "months", "reason": "案情复杂"}
    )
    assert case.extensions.get().status == "requested"


def test_the_unit_roster_lists_members_and_the_office_edits_causes(court_a, office_a, client_for):
    unit = staffed_unit(court_a, 7, ["民间借贷纠纷"])
    client = client_for(office_a)
    assert "单元7" in client.get("/cases/units/").content.decode()
    client.post(
        f"/cases/units/{unit.pk}/",
        {
            "name": "单元7",
            "causes": [cause("民间借贷纠纷").pk, cause("离婚纠纷").pk],
            "handles_simple": "on",
            "is_active": "on",
        },
    )
    unit = TrialUnit.objects.get(pk=unit.pk)
    assert unit.causes.count() == 2 and not unit.handles_complex


def test_the_rules_editor_drafts_adds_a_rule_previews_and_publishes(
    court_a, office_a, client_for, lending_units
):
    pending = [register(court_a, n) for n in range(1, 4)]
    client = client_for(office_a)
    client.post("/cases/rules/draft/")
    client.post(
        "/cases/rules/add/",
        {"cause": cause("民间借贷纠纷").pk, "complexity": "any", "units": [lending_units[3].pk]},
    )
    preview = client.get("/cases/rules/?preview=1").content.decode()
    assert all(c.case_number in preview for c in pending) and "单元4" in preview
    assert not Case.objects.filter(trial_unit__isnull=False).exists()
    client.post("/cases/rules/publish/", {"note": "民间借贷集中到单元4"})
    cases_allocate(actor=office_a, court=court_a)
    assert set(Case.objects.values_list("trial_unit__number", flat=True)) == {4}


def test_judges_cannot_read_the_rules(judge_a, client_for):
    assert client_for(judge_a).get("/cases/rules/").status_code == 403


def test_the_home_page_shows_pending_and_overdue_counts_to_the_office(
    court_a, office_a, client_for
):
    register(court_a, 1, filed=dt.date(2026, 1, 5), procedure="civil_simple")  # long past its limit
    body = client_for(office_a).get("/").content.decode()
    assert "/cases/?pending=1" in body and "/cases/?overdue=1" in body


def test_company_staff_get_no_case_panel(staff_x, client_for):
    assert "/cases/?pending=1" not in client_for(staff_x).get("/").content.decode()


def test_the_office_creates_a_unit_and_staffs_it_from_the_pages(
    court_a, office_a, judge_a, client_for
):
    client = client_for(office_a)
    client.post("/cases/units/new/", {"number": 12, "name": "单元12"})
    unit = TrialUnit.objects.get(number=12)
    client.post(f"/cases/units/{unit.pk}/members/", {"person": judge_a.pk})
    member = unit.members.get()
    assert member.person == judge_a and member.role == "judge"
    client.post(f"/cases/units/{unit.pk}/members/{member.pk}/remove/")
    assert not unit.members.filter(is_active=True).exists()
