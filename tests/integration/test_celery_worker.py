"""A real Celery worker and beat (separate processes) against real Redis and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from courtops.core.actors import SYSTEM
from courtops.core.choices import Role
from courtops.core.models import AuditEvent, AuditSeal
from courtops.core.services.people import person_create
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_with_beat(tmp_path):
    """A worker with an embedded beat that seals every second, on a queue of its own so that
    messages left by other runs cannot delay it."""
    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        COURTOPS_AUDIT_SEAL_SECONDS="1",
        COURTOPS_VAR_DIR=str(tmp_path),
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "courtops",
            "worker",
            "-B",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            f"--schedule={tmp_path / 'beat-schedule'}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    from courtops.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue  # what this process enqueues goes to that worker
    yield proc
    app.conf.task_default_queue = previous
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_beat_and_the_worker_seal_a_committed_change_into_the_chain(court_a, worker_with_beat):
    person = person_create(
        actor=SYSTEM,
        username="sealme",
        full_name="封存",
        role=Role.JUDGE,
        password=PASSWORD,
        court=court_a,
        must_change_password=False,
    )
    event = AuditEvent.objects.filter(object_type="core.person", object_id=str(person.pk)).get()
    deadline = time.monotonic() + 60
    while not AuditSeal.objects.filter(event=event).exists():
        if time.monotonic() > deadline or worker_with_beat.poll() is not None:
            worker_with_beat.terminate()
            pytest.fail(
                "no seal within 60 s:\n" + worker_with_beat.communicate(timeout=20)[0][-4000:]
            )
        time.sleep(0.5)
    seal = AuditSeal.objects.get(event=event)
    assert seal.chain == court_a.pk
    assert seal.hash == event.link_hash(seal.prev_hash)


def test_the_worker_runs_a_ledger_import_started_from_the_page(
    court_a, office_a, client_for, worker_with_beat
):
    """The page stores the upload and enqueues the job on commit; the real worker claims and
    runs it; the page then shows it done."""
    from django.urls import reverse

    from courtops.core.models import Case, ImportJob, ImportJobStatus
    from tests.cases.test_ledger_import import ledger, row

    upload = ledger([row(n) for n in range(1, 21)])
    upload.name = "ledger.xlsx"
    client = client_for(office_a)
    response = client.post(reverse("cases:import"), {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    deadline = time.monotonic() + 90
    while ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportJobStatus.QUEUED, ImportJobStatus.RUNNING]
    ).exists():
        if time.monotonic() > deadline or worker_with_beat.poll() is not None:
            worker_with_beat.terminate()
            pytest.fail(
                "import not finished within 90 s:\n"
                + worker_with_beat.communicate(timeout=20)[0][-4000:]
            )
        time.sleep(0.5)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE, job.message
    assert job.created == 20 and Case.objects.filter(court=court_a).count() == 20
    assert 'data-status="done"' in client.get(response["Location"]).content.decode()
