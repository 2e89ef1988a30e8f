"""Ledger imports run in the background from the page: progress, outcome, errors by row,
and a job that runs twice (a redelivered task) imports nothing twice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courtops.core.cases import tasks
from courtops.core.cases.import_jobs import import_job_create, import_job_run, import_jobs_sweep
from courtops.core.exceptions import PermissionRefused, ValidationFailed
from courtops.core.models import Case, ImportJob, ImportJobStatus

from .test_ledger_import import ledger, row


@pytest.fixture
def enqueued(monkeypatch):
    """The task ids sent to the broker (captured instead of sent)."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.import_job_run_task, "delay", lambda job_id: sent.append(job_id))
    return sent


def _upload(name="ledger.xlsx", rows=None):
    data = ledger(rows or [row(1), row(2)])
    data.name = name
    return data


def test_an_upload_is_queued_on_commit_and_the_page_follows_it(
    court_a, office_a, client_for, enqueued, django_capture_on_commit_callbacks
):
    client = client_for(office_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:import"), {"file": _upload()})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:import-job", args=[job.pk]
    )
    assert enqueued == [job.pk]
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in page and 'hx-trigger="every 2s"' in page

    import_job_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.created == 2 and Case.objects.count() == 2
    page = client.get(
        reverse("cases:import-job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-status="done"' in page and "every 2s" not in page


def test_a_failed_import_lists_every_error_by_row_and_imports_nothing(
    court_a, office_a, client_for, enqueued
):
    job = import_job_create(
        actor=office_a,
        court=court_a,
        filename="bad.xlsx",
        content=_upload(rows=[row(1), row(2, cause="不存在的案由")]).getvalue(),
    )
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and job.error_count == 1
    assert job.errors[0]["row"] == 3
    assert not Case.objects.exists()
    page = client_for(office_a).get(reverse("cases:import-job", args=[job.pk])).content.decode()
    assert "不存在的案由" in page and 'data-testid="import-errors"' in page


def test_a_job_runs_once_even_when_its_task_is_delivered_twice(court_a, office_a, enqueued):
    job = import_job_create(
        actor=office_a, court=court_a, filename="l.xlsx", content=_upload().getvalue()
    )
    assert import_job_run(job_id=job.pk) is not None
    assert import_job_run(job_id=job.pk) is None  # the second delivery finds it done
    assert Case.objects.count() == 2


def test_a_job_whose_worker_died_is_picked_up_again_and_imports_nothing_twice(
    court_a, office_a, enqueued
):
    import datetime as dt

    from django.utils import timezone

    job = import_job_create(
        actor=office_a, court=court_a, filename="l.xlsx", content=_upload().getvalue()
    )
    import_job_run(job_id=job.pk)
    # Simulate a worker that died while running: the job is left "running", silent long ago.
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    assert import_jobs_sweep() == [job.pk]
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.created == 0 and job.existing == 2
    assert Case.objects.count() == 2


def test_only_the_office_of_the_court_starts_or_sees_imports(
    court_a, office_a, judge_a, office_b, client_for, enqueued
):
    with pytest.raises(PermissionRefused):
        import_job_create(
            actor=judge_a, court=court_a, filename="l.xlsx", content=_upload().getvalue()
        )
    with pytest.raises(ValidationFailed):
        import_job_create(
            actor=office_a, court=court_a, filename="l.xlsx", content=b"not a workbook"
        )
    job = import_job_create(
        actor=office_a, court=court_a, filename="l.xlsx", content=_upload().getvalue()
    )
    assert client_for(office_b).get(reverse("cases:import-job", args=[job.pk])).status_code == 404
    assert client_for(judge_a).get(reverse("cases:import-job", args=[job.pk])).status_code == 403
