"""Import jobs survive a dead worker within about a minute and tell the person; a broker that is
down is reported as such; uploads (personal data) are deleted after the retention and stored
errors never keep a full ID or phone number."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courtops.core.cases import import_jobs, tasks
from courtops.core.cases.import_jobs import (
    ImportKindSpec,
    import_job_create,
    import_job_run,
    import_jobs_purge,
    import_jobs_sweep,
)
from courtops.core.models import Case, ImportJob, ImportJobStatus

from .test_ledger_import import ledger, row


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def enqueued(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(tasks.import_job_run_task, "delay", sent.append)
    return sent


def _job(office, court, rows=None) -> ImportJob:
    data = ledger(rows or [row(1), row(2)]).getvalue()
    return import_job_create(actor=office, court=court, filename="l.xlsx", content=data)


def _silent_since(job, seconds: int) -> None:
    then = timezone.now() - dt.timedelta(seconds=seconds)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, started_at=then, heartbeat_at=then
    )


def test_a_job_silent_for_a_minute_is_shown_as_lost_and_resumed_by_the_sweep(
    court_a, office_a, client_for, enqueued
):
    job = _job(office_a, court_a)
    _silent_since(job, 50)
    page = client_for(office_a).get(reverse("cases:import-job", args=[job.pk])).content.decode()
    assert 'data-testid="worker-lost"' in page
    assert import_jobs_sweep() == [job.pk]
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.restarts == 1
    assert Case.objects.count() == 2
    page = client_for(office_a).get(reverse("cases:import-job", args=[job.pk])).content.decode()
    assert 'data-testid="restarts"' in page and "worker-lost" not in page


def test_a_job_with_a_recent_heartbeat_is_left_alone(court_a, office_a, enqueued):
    job = _job(office_a, court_a)
    _silent_since(job, 5)
    assert import_jobs_sweep() == []
    assert import_job_run(job_id=job.pk) is None  # a redelivery does not run it beside itself


def test_the_sweep_runs_often_enough_to_resume_within_about_a_minute(settings):
    sweep = settings.CELERY_BEAT_SCHEDULE["sweep-imports"]["schedule"].total_seconds()
    assert settings.COURTOPS_IMPORT_DEAD_AFTER_SECONDS + sweep <= 75


def test_a_job_that_keeps_killing_its_worker_is_given_up_with_a_message(
    court_a, office_a, enqueued
):
    job = _job(office_a, court_a)
    ImportJob.objects.filter(pk=job.pk).update(restarts=import_jobs.MAX_RESTARTS)
    _silent_since(job, 120)
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and "split it" in job.message
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_running_job_writes_a_heartbeat_while_it_works(court_a, office_a, settings, enqueued):
    settings.COURTOPS_IMPORT_HEARTBEAT_SECONDS = 1
    beats = []

    def slow(job, say):
        first = ImportJob.objects.get(pk=job.pk).heartbeat_at
        time.sleep(2.5)
        beats.append((first, ImportJob.objects.get(pk=job.pk).heartbeat_at))
        return {}

    import_jobs.register_import_kind("slow", ImportKindSpec(authorise=lambda a, c: None, run=slow))
    try:
        job = _job(office_a, court_a)
        ImportJob.objects.filter(pk=job.pk).update(kind="slow")
        import_job_run(job_id=job.pk)
    finally:
        import_jobs.KINDS.pop("slow")
    first, later = beats[0]
    assert later > first


def test_a_broker_that_is_down_is_reported_on_the_job_page(
    court_a, office_a, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    def down(job_id):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.import_job_run_task, "delay", down)
    upload = ledger([row(1)])
    upload.name = "l.xlsx"
    client = client_for(office_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:import"), {"file": upload})
    page = client.get(response["Location"]).content.decode()
    # the page speaks the court's language (Chinese)
    assert 'data-testid="queue-unreachable"' in page and "无法连接任务队列" in page
    assert 'data-testid="goes-on"' not in page
    job = ImportJob.objects.get()
    import_job_run(job_id=job.pk)  # the sweep got it through once the broker was back
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and not job.queue_unreachable


def test_uploads_are_deleted_after_the_retention_and_the_page_says_so(
    court_a, office_a, client_for, settings, enqueued
):
    settings.COURTOPS_IMPORT_RETENTION_DAYS = 7
    old, recent = _job(office_a, court_a), _job(office_a, court_a, [row(3)])
    for job in (old, recent):
        import_job_run(job_id=job.pk)
    ImportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    assert import_jobs_purge() == 1
    assert import_jobs_purge() == 0  # idempotent
    old.refresh_from_db()
    recent.refresh_from_db()
    assert bytes(old.content) == b"" and old.content_purged_at is not None
    assert old.created == 2  # the outcome stays
    assert bytes(recent.content).startswith(b"PK")
    page = client_for(office_a).get(reverse("cases:import-job", args=[old.pk])).content.decode()
    assert 'data-testid="upload-deleted"' in page


def test_the_retention_is_a_setting(court_a, office_a, settings, enqueued):
    settings.COURTOPS_IMPORT_RETENTION_DAYS = 0
    job = _job(office_a, court_a)
    import_job_run(job_id=job.pk)
    assert import_jobs_purge() == 1


def test_stored_errors_do_not_keep_full_id_or_phone_numbers(
    court_a, office_a, client_for, enqueued
):
    bad_id = "440306199001011235"  # wrong check digit
    job = _job(office_a, court_a, [row(1, **{"原告证件号码": bad_id})])
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    stored = str(job.errors) + job.message
    assert bad_id not in stored and "440306********1235" in stored
    page = client_for(office_a).get(reverse("cases:import-job", args=[job.pk])).content.decode()
    assert bad_id not in page


def test_two_overlapping_imports_end_the_second_with_a_message_a_person_can_act_on(
    court_a, office_a, monkeypatch, enqueued
):
    """The other import commits the same number between this one's check and its insert."""
    from courtops.core.cases.services import register

    first, second = _job(office_a, court_a), _job(office_a, court_a)
    import_job_run(job_id=first.pk)
    real_filter = register.Case.objects.filter
    calls = {"n": 0}

    def blind_check(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs  # the existence check saw nothing yet

    monkeypatch.setattr(register.Case.objects, "filter", blind_check)
    import_job_run(job_id=second.pk)
    second.refresh_from_db()
    assert second.status == ImportJobStatus.FAILED
    assert "(2026)" in second.message or "（2026）" in second.message
    assert "send it again" in second.message
    assert "IntegrityError" not in second.message and "UNIQUE" not in second.message
