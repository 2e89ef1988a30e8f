"""The court's case system pushes cases through the API (one by one and in batches)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from courtops.core.actors import SYSTEM
from courtops.core.choices import Role
from courtops.core.models import Case
from courtops.core.services.people import person_create

from .conftest import staffed_unit


@pytest.fixture
def case_system(court_a):
    account = person_create(
        actor=SYSTEM,
        username="case_system",
        full_name="审判流程管理系统",
        role=Role.OFFICE,
        password="Sys-Acc0unt-Pass!",
        court=court_a,
        is_service_account=True,
        must_change_password=False,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=account).key}")
    return client


def payload(n, **extra):
    return {
        "case_number": f"(2026)粤1971民初{n}号",
        "cause": "民间借贷纠纷",
        "filing_date": "2026-03-02",
        "parties": [{"role": "plaintiff", "name": "张三", "phone": "13812345678"}],
        **extra,
    }


def test_the_case_system_registers_and_allocates_a_case(court_a, case_system):
    staffed_unit(court_a, 1, ["民间借贷纠纷"])
    response = case_system.post("/api/cases/", payload(1, allocate=True), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_number"] == "（2026）粤1971民初1号"
    assert body["trial_unit"] == "单元1" and body["allocation_explanation"]
    assert body["parties"][0]["phone"] == "138****5678"
    assert Case.objects.get().source == "api"


def test_a_duplicate_number_is_a_conflict(court_a, case_system):
    case_system.post("/api/cases/", payload(1), format="json")
    assert case_system.post("/api/cases/", payload(1), format="json").status_code == 409


def test_a_bad_number_comes_back_with_the_reason(court_a, case_system):
    response = case_system.post(
        "/api/cases/", payload(1, case_number="（2026）粤1971民x1号"), format="json"
    )
    assert response.status_code == 400
    assert "民x" in response.json()["detail"]


def test_a_batch_is_all_or_nothing_and_repeatable(court_a, case_system):
    good = {"cases": [payload(n) for n in range(1, 6)]}
    bad = {"cases": [payload(n) for n in range(6, 9)] + [payload(9, cause="无此案由")]}
    response = case_system.post("/api/cases/batch/", bad, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 4
    assert not Case.objects.exists()
    assert (
        case_system.post("/api/cases/batch/", good, format="json").json()["created"][0]
        == "（2026）粤1971民初1号"
    )
    again = case_system.post("/api/cases/batch/", good, format="json").json()
    assert again["created"] == [] and len(again["existing"]) == 5
    assert Case.objects.count() == 5


def test_judges_cannot_register_through_the_api(court_a, judge_a, client_for):
    assert (
        client_for(judge_a)
        .post("/api/cases/", payload(1), content_type="application/json")
        .status_code
        == 403
    )


def test_the_endpoints_are_in_the_openapi_schema(office_a, client_for):
    schema = client_for(office_a).get("/api/schema/?format=json").content.decode()
    assert "/api/cases/batch/" in schema and "/api/cases/{id}/allocate/" in schema
