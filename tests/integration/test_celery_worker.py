"""A real Celery worker (a separate process) against the real Redis broker and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from courtops.core.choices import Role
from courtops.core.models import AuditEvent, AuditSeal
from courtops.core.services.people import person_create
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    db = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "courtops",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_a_committed_change_is_sealed_into_the_chain_by_the_worker(court_a, worker):
    person = person_create(
        actor=None,
        username="sealme",
        full_name="封存",
        role=Role.JUDGE,
        password=PASSWORD,
        court=court_a,
        must_change_password=False,
    )
    event = AuditEvent.objects.filter(object_type="core.person", object_id=str(person.pk)).get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if AuditSeal.objects.filter(event=event).exists():
            break
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.5)
    else:
        worker.terminate()
        pytest.fail(
            "the worker did not seal the event within 60 s:\n"
            + worker.communicate(timeout=20)[0][-3000:]
        )
    seal = AuditSeal.objects.get(event=event)
    assert seal.chain == court_a.pk
    assert seal.hash == event.link_hash(seal.prev_hash)
