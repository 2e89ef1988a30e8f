"""One 审限 computation: registering by hand, through the API, by batch import, the case page,
the API detail and the nightly refresh all give the same end for the same case."""

from __future__ import annotations

import datetime as dt

import pytest

from courtops.core.cases.choices import ExclusionKind, PeriodUnit, Procedure
from courtops.core.cases.selectors import case_time_limit
from courtops.core.cases.services import (
    case_refresh_time_limits,
    cases_register_batch,
    exclusion_add,
    extension_decide,
    extension_request,
)
from courtops.core.models import Case

from .conftest import register

FILED = dt.date(2025, 3, 31)  # + 3 months = 30 Jun; + 1 month ext = 30 Jul; + excluded days


def _row(serial):
    return {
        "case_number": f"（2025）粤1971民初{serial}号",
        "cause": "民间借贷纠纷",
        "procedure": Procedure.SIMPLE,
        "filing_date": FILED,
    }


def test_every_way_of_registering_stores_the_computed_limit(court_a, office_a, client_for):
    by_hand = register(court_a, 1, filed=FILED, year=2025, procedure=Procedure.SIMPLE)
    cases_register_batch(actor=office_a, court=court_a, rows=[_row(2)])
    api = client_for(office_a).post(
        "/api/cases/",
        {**_row(3), "filing_date": FILED.isoformat()},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    ends = {
        c.case_number: c.time_limit_end
        for c in Case.objects.filter(court=court_a, filing_date=FILED)
    }
    expected = case_time_limit(by_hand).end
    assert len(ends) == 3 and set(ends.values()) == {expected}
    assert api.json()["time_limit_end"] == expected.isoformat()


@pytest.fixture
def case_with_events(court_a, office_a):
    case = register(court_a, 9, filed=FILED, year=2025, procedure=Procedure.SIMPLE)
    ext = extension_request(
        actor=office_a,
        case_id=case.pk,
        amount=1,
        unit=PeriodUnit.MONTHS,
        reason="案情复杂",
        requested_on=dt.date(2025, 6, 1),
    )
    extension_decide(
        actor=office_a,
        extension_id=ext.pk,
        approve=True,
        approver="院长",
        decided_on=dt.date(2025, 6, 5),
    )
    exclusion_add(
        actor=office_a,
        case_id=case.pk,
        kind=ExclusionKind.APPRAISAL,
        start_date=dt.date(2025, 5, 1),
        end_date=dt.date(2025, 5, 20),
        reason="司法鉴定",
        approver="庭长",
        evidence="鉴定委托书",
    )
    case.refresh_from_db()
    return case


def test_the_page_the_api_the_services_and_the_refresh_agree(
    case_with_events, court_a, office_a, client_for
):
    case = case_with_events
    computed = case_time_limit(case).end
    # 30 Jun + 1 month = 30 Jul, + 20 excluded days = 19 Aug 2025 (a Tuesday).
    assert computed == dt.date(2025, 8, 19)
    assert case.time_limit_end == computed  # stored by the services on each event
    client = client_for(office_a)
    page = client.get(f"/cases/{case.pk}/")
    assert page.context["limit"].end == computed
    assert client.get(f"/api/cases/{case.pk}/").json()["time_limit_end"] == computed.isoformat()
    Case.objects.filter(pk=case.pk).update(time_limit_end=None)
    assert case_refresh_time_limits(court=court_a) >= 1
    case.refresh_from_db()
    assert case.time_limit_end == computed
