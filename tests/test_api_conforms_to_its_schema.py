"""Schemathesis runs the whole API against its own OpenAPI schema: every operation, a bounded
number of generated requests each, as the court's office (a service account with a token).
No server error, no response that contradicts the schema (status codes, bodies, content
types)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from courtops.core.actors import SYSTEM
from courtops.core.choices import Role
from courtops.core.services.people import person_create

pytestmark = pytest.mark.django_db

# Two checks judge things the schema cannot say, and are covered elsewhere:
# * positive_data_acceptance: a schema-valid request may still break a rule of the register
#   (the grammar of a case number, a cause that exists); such a refusal is a documented 400.
# * ignored_auth: it probes with a generated session cookie beside the service token this
#   run authenticates with; who may call what is the scoping matrix's test
#   (tests/test_scoping_matrix.py) and test_api_pages_and_schema_are_bounded.
EXCLUDED = [
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.ignored_auth,
]

MAX_EXAMPLES = 12  # per operation: the whole run stays well under a minute


def _schema() -> schemathesis.schemas.BaseSchema:
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def token(court_a) -> str:
    service = person_create(
        actor=SYSTEM,
        username="case_system",
        full_name="案件系统",
        role=Role.OFFICE,
        court=court_a,
        password="Xy7-unused-unused",
        is_service_account=True,
        must_change_password=False,
    )
    return Token.objects.create(user=service).key


@pytest.fixture
def keep_the_test_connection():
    """Requests go straight to the WSGI app (not Django's test client), so, like the test
    client, keep Django from closing the test transaction's connection after each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_the_test_connection")
def test_every_api_operation_conforms_to_the_schema(token):
    schema = _schema()
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(
                headers={"Authorization": f"Token {token}"}, excluded_checks=EXCLUDED
            )

        try:
            run()
        except BaseException as exc:  # noqa: BLE001 — collect every operation's failure
            failures[operation.label] = str(exc)[:3000]
    assert operations >= 10
    assert failures == {}, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())


def test_the_schema_documents_refusals_and_nulls(client_for, office_a):
    document = client_for(office_a).get("/api/schema/?format=json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert {"400", "403", "404", "409"} <= set(operation["responses"]), (path, method)
    schemas = document["components"]["schemas"]
    case = schemas["CaseOutput"]["properties"] if "CaseOutput" in schemas else schemas["Case"]
    for name in ("trial_unit", "judge", "assistant", "allocation_rule_set_version"):
        assert case[name].get("nullable") is True, name
    for name in ("court", "company"):
        assert schemas["Person"]["properties"][name].get("nullable") is True, name
