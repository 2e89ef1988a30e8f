"""The office of each court sets how long its uploaded ledgers (personal data) are kept; the
installation's COURTOPS_IMPORT_RETENTION_DAYS is the default and the upper bound, and the purge
honours each court's choice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courtops.core.cases.import_jobs import (
    court_set_import_retention,
    import_jobs_purge,
    import_retention_days,
)
from courtops.core.choices import AuditAction
from courtops.core.exceptions import PermissionRefused, ValidationFailed
from courtops.core.models import AuditEvent, ImportJob, ImportJobStatus


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.COURTOPS_IMPORT_RETENTION_DAYS = 30


def _finished_job(person, court, days_ago: int) -> ImportJob:
    job = ImportJob.objects.create(
        court=court, created_by=person, filename="l.xlsx", content=b"PK personal data"
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE, finished_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return job


def test_the_office_sets_its_courts_retention_and_it_is_audited(court_a, office_a):
    court_set_import_retention(actor=office_a, court_id=court_a.pk, days=3)
    court_a.refresh_from_db()
    assert court_a.import_retention_days == 3
    assert import_retention_days(court_a) == 3
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(court_a.pk)).latest(
        "pk"
    )
    assert event.changes == {"import_retention_days": [None, 3]}
    assert event.court_id == court_a.pk
    court_set_import_retention(actor=office_a, court_id=court_a.pk, days=None)
    court_a.refresh_from_db()
    assert import_retention_days(court_a) == 30  # back to the installation default


def test_the_platform_administrator_may_set_it_too(court_a, platform_admin):
    court_set_import_retention(actor=platform_admin, court_id=court_a.pk, days=5)
    court_a.refresh_from_db()
    assert court_a.import_retention_days == 5


@pytest.mark.parametrize("who", ["office_b", "supervisor_x", "staff_x", "judge_a", "leader_a"])
def test_another_courts_office_and_company_or_court_staff_are_refused(court_a, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionRefused):
        court_set_import_retention(actor=person, court_id=court_a.pk, days=1)
    court_a.refresh_from_db()
    assert court_a.import_retention_days is None


@pytest.mark.parametrize("days", [0, 31, -1])
def test_the_days_are_bounded_by_one_and_the_installation_limit(court_a, office_a, days):
    with pytest.raises(ValidationFailed) as refused:
        court_set_import_retention(actor=office_a, court_id=court_a.pk, days=days)
    assert refused.value.field == "days"
    court_a.refresh_from_db()
    assert court_a.import_retention_days is None


def test_the_purge_honours_each_courts_days(
    court_a, court_b, office_a, office_b, platform_admin, settings
):
    court_set_import_retention(actor=office_a, court_id=court_a.pk, days=2)
    a_old = _finished_job(office_a, court_a, days_ago=3)  # past A's 2 days
    a_new = _finished_job(office_a, court_a, days_ago=1)
    b_mid = _finished_job(office_b, court_b, days_ago=3)  # B keeps the default 30
    b_old = _finished_job(office_b, court_b, days_ago=31)
    no_court = _finished_job(platform_admin, None, days_ago=31)
    assert import_jobs_purge() == 3
    purged = set(
        ImportJob.objects.filter(content_purged_at__isnull=False).values_list("pk", flat=True)
    )
    assert purged == {a_old.pk, b_old.pk, no_court.pk}
    assert {a_new.pk, b_mid.pk}.isdisjoint(purged)
    # lowering the installation limit below a court's choice bounds it
    court_set_import_retention(actor=office_b, court_id=court_b.pk, days=20)
    settings.COURTOPS_IMPORT_RETENTION_DAYS = 2
    assert import_jobs_purge() == 1
    b_mid.refresh_from_db()
    assert b_mid.content_purged_at is not None


def test_the_import_page_has_the_form_for_the_office_and_saves_it(court_a, office_a, client_for):
    client = client_for(office_a)
    page = client.get(reverse("cases:import")).content.decode()
    assert 'data-testid="import-retention"' in page and "上传文件保留天数" in page
    response = client.post(reverse("cases:import-retention"), {"days": "4"})
    assert response.status_code == 302
    court_a.refresh_from_db()
    assert court_a.import_retention_days == 4
    response = client.post(reverse("cases:import-retention"), {"days": "31"})
    assert response.status_code == 400
    court_a.refresh_from_db()
    assert court_a.import_retention_days == 4


def test_accounts_of_no_court_get_a_refusal_not_a_crash(supervisor_x, client_for):
    response = client_for(supervisor_x).post(reverse("cases:import-retention"), {"days": "4"})
    assert response.status_code == 403
