"""Malformed parameters answer 400 naming the parameter, court-only actions answer 403 to a
company's staff, and two batches registering the same numbers at once give the loser a 409
naming the numbers — never a 500."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import translation

from courtops.core.cases.services import cases_register_batch
from courtops.core.exceptions import Conflict
from courtops.core.models import Case, CaseCause


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _client(client_for, person):
    client = client_for(person)
    client.raise_request_exception = False  # see the response a browser would get
    return client


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/cases/?judge=abc", "judge"),
        ("/api/cases/?unit=abc", "unit"),
        ("/api/cases/?cause=abc", "cause"),
        ("/api/cases/?expiring=abc", "expiring"),
        ("/api/cases/?expiring=99999999999999999999", "expiring"),
        ("/api/cases/?judge=99999999999999999999", "judge"),
        ("/api/cases/?q=%00", "q"),
        (
            "/api/core/calendar/deadline/?start=9999-12-31T09:00:00%2B08:00&amount=10"
            "&unit=working_days",
            "start",
        ),
    ],
)
def test_a_malformed_api_parameter_is_a_400_naming_it(client_for, office_a, url, param):
    response = _client(client_for, office_a).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body.get("field") == param or param in body, body


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/cases/?filed_from=xx", "filed_from"),
        ("/cases/?judge=abc", "judge"),
        ("/core/calendar/?year=99999", "year"),
        ("/core/calendar/?year=0", "year"),
    ],
)
def test_a_malformed_page_parameter_is_a_400_naming_it(client_for, office_a, url, param):
    response = _client(client_for, office_a).get(url)
    assert response.status_code == 400
    assert param in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/cases/rules/draft/", "/cases/units/new/", "/cases/allocate-pending/", "/cases/causes/add/"],
)
def test_company_staff_calling_a_court_only_action_get_403(client_for, supervisor_x, url):
    response = _client(client_for, supervisor_x).post(url, {})
    assert response.status_code == 403


def _rows(numbers):
    cause = CaseCause.objects.filter(court=None, name="民间借贷纠纷").order_by("-level").first()
    return [
        {"case_number": f"（2026）粤1971民初{n}号", "cause": cause.pk, "filing_date": "2026-03-02"}
        for n in numbers
    ]


def test_a_batch_that_loses_a_race_is_a_409_naming_the_numbers(court_a, office_a, monkeypatch):
    """The other batch commits number 2 between this one's existence check and its insert."""
    from courtops.core.cases.services import register

    cases_register_batch(actor=office_a, court=court_a, rows=_rows([2]))
    real_filter = register.Case.objects.filter
    calls = {"n": 0}

    def blind_check(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    monkeypatch.setattr(register.Case.objects, "filter", blind_check)
    with pytest.raises(Conflict) as exc:
        cases_register_batch(actor=office_a, court=court_a, rows=_rows([1, 2, 3]))
    assert "（2026）粤1971民初2号" in exc.value.message
    assert Case.objects.count() == 1  # nothing of the losing batch


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_batches_of_the_same_numbers_give_one_409(court_a, office_a, client_for):
    barrier = threading.Barrier(2)
    results: list[int] = []

    def push():
        try:
            client = _client(client_for, office_a)
            barrier.wait(5)
            response = client.post(
                "/api/cases/batch/",
                {"cases": _rows(range(1, 200))},
                content_type="application/json",
            )
            results.append(response.status_code)
            if response.status_code == 409:
                assert "粤1971民初" in response.json()["detail"]
        finally:
            connection.close()

    threads = [threading.Thread(target=push) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert 500 not in results and sorted(results) in (
        [200, 409],
        [201, 409],
        [200, 200],
        [201, 201],
    )
    assert Case.objects.count() == 199
