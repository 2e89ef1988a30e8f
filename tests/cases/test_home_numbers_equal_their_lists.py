"""Every number on the home page equals the length of the list it opens (one filter definition
for both), for the office, leadership, a judge and an assistant; a judge's numbers and list are
his own cases by default, his unit's a click away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from courtops.core.actors import SYSTEM
from courtops.core.cases.choices import ClosingManner, UnitRole
from courtops.core.cases.named_filters import NAMED_FILTERS
from courtops.core.cases.services import (
    case_close,
    case_start_trial,
    cases_allocate,
    unit_add_member,
    unit_create,
)
from courtops.core.choices import Role
from courtops.core.models import Case
from courtops.core.services.people import person_create

from .conftest import cause, register


@pytest.fixture
def busy_court(court_a, office_a, judge_a, assistant_a):
    """Unit 1 (judge_a, a second judge, assistant_a) takes lending cases; unit 2 divorce cases.
    Open, in-trial, closed, overdue, expiring-soon and unallocated cases in both."""
    other_judge = person_create(
        actor=SYSTEM,
        username="judge_a2",
        full_name="法官乙",
        role=Role.JUDGE,
        password="Tr1al-Unit-Pass!",
        court=court_a,
        must_change_password=False,
        check_password=False,
    )
    unit1 = unit_create(actor=office_a, court=court_a, number=1, causes=[cause("民间借贷纠纷")])
    for person, role in (
        (judge_a, UnitRole.JUDGE),
        (other_judge, UnitRole.JUDGE),
        (assistant_a, UnitRole.ASSISTANT),
    ):
        unit_add_member(actor=office_a, unit=unit1, person=person, role=role)
    unit2 = unit_create(actor=office_a, court=court_a, number=2, causes=[cause("离婚纠纷")])
    unit_add_member(
        actor=office_a,
        unit=unit2,
        person=person_create(
            actor=SYSTEM,
            username="judge_b2",
            full_name="法官丙",
            role=Role.JUDGE,
            password="Tr1al-Unit-Pass!",
            court=court_a,
            must_change_password=False,
            check_password=False,
        ),
        role=UnitRole.JUDGE,
    )
    today = timezone.localdate()
    serial = 0
    cases = []
    for cause_name in ("民间借贷纠纷", "离婚纠纷"):
        for days_ago, procedure in (
            (400, "civil_simple"),  # long overdue
            (300, "civil_ordinary"),  # overdue
            (82, "civil_simple"),  # ends within 15 days
            (80, "civil_simple"),
            (20, "civil_ordinary"),  # far from its end
            (10, "civil_simple"),
            (5, "civil_ordinary"),
        ):
            serial += 1
            filed = today - dt.timedelta(days=days_ago)
            cases.append(
                register(
                    court_a, serial, cause_name, filed=filed, year=filed.year, procedure=procedure
                )
            )
    cases_allocate(actor=office_a, court=court_a)
    in_trial, closed = cases[0], cases[4]
    case_start_trial(actor=office_a, case_id=in_trial.pk)
    case_start_trial(actor=office_a, case_id=cases[9].pk)
    case_close(actor=office_a, case_id=closed.pk, manner=ClosingManner.JUDGMENT, closing_date=today)
    case_close(
        actor=office_a, case_id=cases[8].pk, manner=ClosingManner.MEDIATION, closing_date=today
    )
    for serial in (90, 91):  # not allocated yet
        filed = today - dt.timedelta(days=30)
        register(court_a, serial, filed=filed, year=filed.year)
    return {"unit1": unit1, "unit2": unit2}


def _panel_items(client):
    panels = client.get("/").context["panels"]
    return [item for panel in panels for item in panel["items"] if item[2] and "/cases/" in item[2]]


def _numbers(client) -> dict[str, int]:
    """The home numbers by named-filter key (matched by the link they carry)."""
    by_url = {f.url(): key for key, f in NAMED_FILTERS.items()}
    return {by_url[url]: value for _label, value, url in _panel_items(client)}


@pytest.mark.parametrize("who", ["office_a", "leader_a", "judge_a", "assistant_a"])
def test_each_home_number_equals_the_length_of_the_list_it_opens(
    request, busy_court, client_for, who
):
    client = client_for(request.getfixturevalue(who))
    items = _panel_items(client)
    assert len(items) >= 3, items
    assert any(value for _label, value, _url in items), "the fixture must give non-zero numbers"
    for label, value, url in items:
        listed = client.get(url).context["page"].paginator.count
        assert listed == value, (who, str(label), url, value, listed)


def test_the_office_numbers_mean_what_they_say(busy_court, office_a, client_for):
    today = timezone.localdate()
    numbers = _numbers(client_for(office_a))
    court_cases = Case.objects.filter(court=office_a.court)
    open_cases = court_cases.filter(status__in=["filed", "in_trial"])
    assert numbers["open"] == open_cases.count()  # filed and in trial, not in trial only
    assert numbers["overdue"] == open_cases.filter(time_limit_end__lt=today).count()
    assert numbers["expiring_15"] == (
        open_cases.filter(
            time_limit_end__gte=today, time_limit_end__lte=today + dt.timedelta(days=15)
        ).count()
    )
    assert numbers["pending"] == 2


def test_a_judge_sees_his_own_cases_by_default_and_his_unit_a_click_away(
    busy_court, judge_a, client_for
):
    client = client_for(judge_a)
    mine = Case.objects.filter(judge=judge_a)
    unit = Case.objects.filter(trial_unit=busy_court["unit1"])
    assert 0 < mine.count() < unit.count()  # the second judge has cases of the unit too
    default = client.get("/cases/")
    assert default.context["page"].paginator.count == mine.count()
    tabs = default.context["scope_tabs"]
    unit_url = next(url for _label, url, _active in tabs if "scope=unit" in url)
    assert client.get(f"/cases/{unit_url}").context["page"].paginator.count == unit.count()
    numbers = _numbers(client)
    assert numbers["my_open"] == mine.filter(status__in=["filed", "in_trial"]).count()
    assert numbers["unit_open"] == unit.filter(status__in=["filed", "in_trial"]).count()
