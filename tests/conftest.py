"""Shared personas and service markers.

Personas (built through services, so the setup obeys the real rules):
* Court A (粤1971): ``office_a`` (审管办), ``judge_a``, ``assistant_a``, ``leader_a``.
* Court B (粤0703): ``office_b`` — must see nothing of court A.
* Company X serves court A: ``supervisor_x``, ``staff_x``.
* Company Y serves court B: ``supervisor_y`` — must see nothing of company X.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client

from courtops.core.actors import SYSTEM
from courtops.core.choices import DepartmentKind, Role
from courtops.core.services.people import (
    company_create,
    court_create,
    department_create,
    person_create,
)

PASSWORD = "Tr1al-Unit-Pass!"
REQUIRE_SERVICES = os.environ.get("COURTOPS_REQUIRE_SERVICES") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """postgres/redis tests skip with a reason on the embedded setup, but in CI
    (COURTOPS_REQUIRE_SERVICES=1) a missing service is a failure, never a skip."""
    on_pg = settings.IS_POSTGRES
    on_redis = settings.CELERY_BROKER_URL.startswith("redis")
    if REQUIRE_SERVICES and not (on_pg and on_redis):
        raise pytest.UsageError(
            "COURTOPS_REQUIRE_SERVICES=1 but DATABASE_URL/CELERY_BROKER_URL do not point at "
            "PostgreSQL and Redis."
        )
    for item in items:
        if "postgres" in item.keywords and not on_pg:
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
            )
        if "redis" in item.keywords and not on_redis:
            item.add_marker(
                pytest.mark.skip(reason="needs Redis (set CELERY_BROKER_URL=redis://…)")
            )


def _flush_past_the_audit_guards() -> None:
    """A transactional test ends by TRUNCATE-ing every table, which the audit trail's triggers
    refuse (issue 10.1). The test database's superuser flushes with triggers switched off
    (session_replication_role), as only a superuser can; the application's role cannot."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    if getattr(DatabaseOperations.execute_sql_flush, "_past_audit_guards", False):
        return
    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    execute_sql_flush._past_audit_guards = True
    DatabaseOperations.execute_sql_flush = execute_sql_flush


if settings.IS_POSTGRES:
    _flush_past_the_audit_guards()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """A transactional test flushes every table when it ends, the reference data that data
    migrations load (national calendar, causes of action) included. Put it back for any test
    that uses the database (two cheap queries when it is there)."""
    # Autouse fixtures run before the ones a test asks for: enable the database first.
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("_django_db_helper")
    elif "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from courtops.core.cases.causes import seed_national_causes
    from courtops.core.models import CalendarYear, CaseCause
    from courtops.core.services.calendar import calendar_seed

    if not CalendarYear.objects.filter(court__isnull=True).exists():
        calendar_seed()
    if not CaseCause.objects.filter(court__isnull=True).exists():
        seed_national_causes(CaseCause)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def court_a(db):
    return court_create(
        actor=SYSTEM,
        code="粤1971",
        name="东莞市第一人民法院",
        province="广东",
        short_name="东莞一院",
    )


@pytest.fixture
def court_b(db):
    return court_create(
        actor=SYSTEM,
        code="粤0703",
        name="江门市蓬江区人民法院",
        province="广东",
        short_name="蓬江法院",
    )


@pytest.fixture
def company_x(court_a):
    return company_create(
        actor=SYSTEM,
        name="粤信司法辅助服务有限公司",
        credit_code="91441900MA4UXXXX1A",
        courts=[court_a],
    )


@pytest.fixture
def company_y(court_b):
    return company_create(
        actor=SYSTEM,
        name="江门法务外包服务有限公司",
        credit_code="91440700MA5YYYYY2B",
        courts=[court_b],
    )


def _person(username, role, *, court=None, company=None, full_name=None, **extra):
    return person_create(
        actor=SYSTEM,
        username=username,
        full_name=full_name or username,
        role=role,
        password=PASSWORD,
        court=court,
        company=company,
        must_change_password=False,
        **extra,
    )


@pytest.fixture
def office_a(court_a):
    dept = department_create(
        actor=SYSTEM, court=court_a, name="审判管理办公室", kind=DepartmentKind.OFFICE
    )
    return _person("office_a", Role.OFFICE, court=court_a, full_name="审管办甲", department=dept)


@pytest.fixture
def judge_a(court_a):
    return _person("judge_a", Role.JUDGE, court=court_a, full_name="法官甲")


@pytest.fixture
def assistant_a(court_a):
    return _person("assistant_a", Role.ASSISTANT, court=court_a, full_name="助理甲")


@pytest.fixture
def leader_a(court_a):
    return _person("leader_a", Role.LEADERSHIP, court=court_a, full_name="院领导甲")


@pytest.fixture
def office_b(court_b):
    return _person("office_b", Role.OFFICE, court=court_b, full_name="审管办乙")


@pytest.fixture
def supervisor_x(company_x):
    return _person("supervisor_x", Role.VENDOR_SUPERVISOR, company=company_x, full_name="主管X")


@pytest.fixture
def staff_x(company_x):
    return _person("staff_x", Role.VENDOR_STAFF, company=company_x, full_name="服务人员X")


@pytest.fixture
def supervisor_y(company_y):
    return _person("supervisor_y", Role.VENDOR_SUPERVISOR, company=company_y, full_name="主管Y")


@pytest.fixture
def client_for():
    """``client_for(person)`` → a test client logged in as that person."""

    def make(person) -> Client:
        client = Client()
        client.force_login(person)
        return client

    return make


@pytest.fixture
def platform_admin(db):
    """The installation's administrator: a superuser of no court and no company (changes the
    installation-wide standards every court works to)."""
    from courtops.core.models import Person

    return Person.objects.create_superuser(
        "platform_admin", PASSWORD, full_name="平台管理员", must_change_password=False
    )
