"""The API shell: OpenAPI schema and docs served locally, errors a person can act on."""

from __future__ import annotations

import re

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from courtops.core.actors import SYSTEM
from courtops.core.api.exceptions import exception_handler
from courtops.core.choices import Role
from courtops.core.exceptions import Conflict, NotFound, PermissionRefused, ValidationFailed
from courtops.core.services.people import person_create
from tests.conftest import PASSWORD


def test_the_schema_documents_the_api(office_a, client_for):
    response = client_for(office_a).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/core/people/" in paths
    assert "/api/core/calendar/deadline/" in paths


def test_the_docs_page_loads_every_asset_locally(office_a, client_for):
    html = client_for(office_a).get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (ValidationFailed("bad", field="x"), 400),
        (PermissionRefused("no"), 403),
        (NotFound("gone"), 404),
        (Conflict("late"), 409),
    ],
)
def test_domain_errors_become_http_errors_with_their_message(exc, status):
    response = exception_handler(exc, {})
    assert response.status_code == status
    assert response.data["detail"] == exc.message


def test_a_deadline_is_computed_on_the_court_calendar(office_a, client_for):
    client = client_for(office_a)
    ok = client.get(
        "/api/core/calendar/deadline/",
        {"start": "2025-09-26", "amount": 5, "unit": "statutory_days"},
    )
    assert ok.json()["due"] == "2025-10-09"
    bad = client.get(
        "/api/core/calendar/deadline/", {"start": "2026-12-30", "amount": 5, "unit": "working_days"}
    )
    assert bad.status_code == 400
    assert "2027" in bad.json()["detail"]


def test_tokens_work_only_for_service_accounts(court_a):
    system = person_create(
        actor=SYSTEM,
        username="case-system",
        full_name="案件系统",
        role=Role.OFFICE,
        password=PASSWORD,
        court=court_a,
        is_service_account=True,
        must_change_password=False,
    )
    human = person_create(
        actor=SYSTEM,
        username="human",
        full_name="某人",
        role=Role.OFFICE,
        password=PASSWORD,
        court=court_a,
        must_change_password=False,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=system).key}")
    assert client.get("/api/core/me/").json()["username"] == "case-system"
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=human).key}")
    assert client.get("/api/core/me/").status_code in (401, 403)
