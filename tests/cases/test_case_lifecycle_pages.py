"""A case moves filed → in trial → closed → archived from its page; each step is audited and
a step out of order is refused with a reason."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from courtops.core.cases.choices import CaseStatus
from courtops.core.cases.services import cases_allocate
from courtops.core.choices import AuditAction
from courtops.core.models import AuditEvent

from .conftest import register


def test_the_office_walks_a_case_through_its_lifecycle(
    court_a, office_a, client_for, lending_units
):
    case = register(court_a, 77, filed=dt.date(2026, 3, 2))
    cases_allocate(actor=office_a, court=court_a, case_ids=[case.pk])  # tried by a unit
    client = client_for(office_a)
    detail = reverse("cases:detail", args=[case.pk])
    assert "start-trial" in client.get(detail).content.decode()

    # Archiving an open case is refused, and says why.
    response = client.post(reverse("cases:archive", args=[case.pk]), follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED
    assert (
        "Only a closed case can be archived." in response.content.decode()
        or "只有已结案" in response.content.decode()
    )

    client.post(reverse("cases:start-trial", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_TRIAL
    client.post(
        reverse("cases:close", args=[case.pk]),
        {"manner": "mediation", "closing_date": "2026-04-01"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    client.post(reverse("cases:archive", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.ARCHIVED
    transitions = AuditEvent.objects.filter(
        object_type="core.case", object_id=str(case.pk), action=AuditAction.TRANSITION
    )
    assert transitions.count() >= 3


def test_leadership_cannot_move_a_case(court_a, leader_a, client_for, lending_units):
    case = register(court_a, 78)
    client_for(leader_a).post(reverse("cases:start-trial", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED
