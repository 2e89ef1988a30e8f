"""Ledger imports in the background: start one from the page, leave it running, watch it.

``import_job_create`` stores the workbook and enqueues the run on commit; ``import_job_run``
claims the job with a compare-and-set update, so a second delivery of the same task (or the
sweep) never runs it twice at once; the import itself is all-or-nothing and idempotent. The end
of a run (running → done / failed) goes through the state-change helper like every other state.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import SYSTEM, Actor, person_or_none
from courtops.core.cases.importer import ledger_import
from courtops.core.choices import AuditAction
from courtops.core.exceptions import DomainError, PermissionRefused, ValidationFailed
from courtops.core.models import Court, ImportJob, ImportJobStatus
from courtops.core.permissions import require_case_writer
from courtops.core.services.audit import audit_record
from courtops.core.transitions import transition_run

logger = logging.getLogger(__name__)
STALE_AFTER = dt.timedelta(minutes=15)  # a running job older than this lost its worker
MAX_STORED_ERRORS = 2000


def import_job_create(*, actor: Actor, court: Court, filename: str, content: bytes) -> ImportJob:
    """Store an uploaded ledger and queue its import (office staff of the court only)."""
    require_case_writer(actor, court.pk)
    if len(content) > settings.COURTOPS_MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.COURTOPS_MAX_UPLOAD_BYTES // 2**20},
            field="file",
        )
    if not content.startswith(b"PK"):
        raise ValidationFailed(_("The file is not an Excel workbook (.xlsx)."), field="file")
    person = person_or_none(actor)
    if person is None:  # a job shows who started it: the system starts none from a page
        raise PermissionRefused(_("A ledger import is started by a person."))
    with transaction.atomic():
        job = ImportJob.objects.create(
            court=court, created_by=person, filename=filename[:200], content=content
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=job,
            changes={"file": [None, job.filename], "bytes": [None, len(content)]},
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from courtops.core.cases.tasks import import_job_run_task

    try:
        import_job_run_task.delay(job_id)
    except Exception:  # noqa: BLE001 — a broker that is down must not fail the upload
        logger.warning("could not enqueue ledger import %s; the sweep will start it", job_id)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued (or abandoned) job. Returns None when another run owns it or it is done."""
    now = timezone.now()
    # The claim (queued, or running but abandoned → running) is the one state change that does
    # NOT go through ``transition_run``, on purpose: it must be a single compare-and-set
    # statement that exactly one of two racing workers wins, on SQLite as on PostgreSQL, and it
    # must hold no row lock while the (minutes-long) import runs. ``UPDATE … WHERE status IN
    # (…)`` is that; a lock-then-check transaction is not on SQLite (the second writer fails
    # with "database is locked" instead of losing cleanly). The filter is the claim's "source"
    # states; the protected FSM field does not stop a queryset update.
    claimed = (
        ImportJob.objects.filter(pk=job_id)
        .filter(
            Q(status=ImportJobStatus.QUEUED)
            | Q(status=ImportJobStatus.RUNNING, started_at__lt=now - STALE_AFTER)
        )
        .update(status=ImportJobStatus.RUNNING, started_at=now, progress=_("starting"))
    )
    if claimed != 1:
        return None
    job = ImportJob.objects.select_related("court", "created_by").get(pk=job_id)

    def say(text: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress=str(text)[:200])

    try:
        result = ledger_import(
            actor=job.created_by,
            court=job.court,
            source=io.BytesIO(job.content),
            label=job.filename,
            progress=say,
        )
    except DomainError as exc:
        job = _job_end(
            job_id,
            "fail",
            message=exc.message,
            errors=list(exc.errors)[:MAX_STORED_ERRORS],
            error_count=len(exc.errors),
        )
    except Exception as exc:  # an unexpected fault is shown on the page, then re-raised for the log
        _job_end(
            job_id,
            "fail",
            message=_("The import stopped because of an internal error: %(e)s") % {"e": exc},
        )
        raise
    else:
        job = _job_end(
            job_id,
            "finish",
            rows=result["rows"],
            created=result["created"],
            existing=result["existing"],
        )
    return job


def _job_end(job_id: int, transition: str, **params: Any) -> ImportJob:
    """running → done / failed, by the system (the worker), audited."""
    return transition_run(
        model=ImportJob,
        pk=job_id,
        transition=transition,
        actor=SYSTEM,
        params=params,
        audit_changes={k: params[k] for k in ("rows", "created", "existing") if k in params},
    ).obj


def import_jobs_sweep(*, older_than: dt.timedelta = dt.timedelta(minutes=1)) -> list[int]:
    """Ids of jobs that were never picked up (the broker was down) or lost their worker."""
    now = timezone.now()
    return list(
        ImportJob.objects.filter(
            Q(status=ImportJobStatus.QUEUED, created_at__lt=now - older_than)
            | Q(status=ImportJobStatus.RUNNING, started_at__lt=now - STALE_AFTER)
        ).values_list("pk", flat=True)
    )
