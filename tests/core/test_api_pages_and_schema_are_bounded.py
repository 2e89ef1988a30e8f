"""The API caps its page size, and its schema and docs answer logged-in people only."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/api/schema/", "/api/schema/?format=json", "/api/docs/"])
def test_schema_and_docs_refuse_anonymous_users(client, url, db):
    response = client.get(url)
    assert response.status_code in (401, 403)
    assert b"openapi" not in response.content.lower()


def test_schema_is_served_to_a_logged_in_person(client_for, office_a):
    response = client_for(office_a).get("/api/schema/?format=json")
    assert response.status_code == 200 and "openapi" in response.json()


def test_a_huge_limit_gets_at_most_the_maximum_page(client_for, office_a, settings):
    settings.COURTOPS_API_MAX_PAGE_SIZE = 3
    from courtops.core.cases.services import case_register
    from courtops.core.models import CaseCause

    cause = CaseCause.objects.filter(is_active=True, court__isnull=True).first()
    for n in range(1, 6):
        case_register(
            actor=office_a,
            court=office_a.court,
            data={
                "case_number": f"（2026）粤1971民初{n}号",
                "cause": cause.pk,
                "filing_date": "2026-03-02",
            },
        )
    body = client_for(office_a).get("/api/cases/?limit=100000").json()
    assert body["count"] == 5 and len(body["results"]) == 3 and body["next"]


def test_the_default_maximum_is_200(settings):
    assert settings.COURTOPS_API_MAX_PAGE_SIZE == 200
