"""Imports in the background: start one from a page, leave it running, watch it.

One mechanism for every kind of upload (the case ledger here; the standards library registers
its own kind from ``nodes``, which core may not import). ``import_job_create`` checks the
upload, stores it and enqueues the run on commit; ``import_job_run`` claims the job with a
compare-and-set update, so a second delivery of the same task (or the sweep) never runs it
twice at once; each kind's import is all-or-nothing and idempotent.

Crash recovery: while a job runs, a heartbeat thread stamps it every
COURTOPS_IMPORT_HEARTBEAT_SECONDS. A running job whose heartbeat is older than
COURTOPS_IMPORT_DEAD_AFTER_SECONDS lost its worker: the page says so at once, and the sweep
(beat, every 15 s) claims and resumes it; after MAX_RESTARTS the job is failed with a message
instead of killing worker after worker.

Personal data at rest: an upload is deleted COURTOPS_IMPORT_RETENTION_DAYS after its job
finished (``import_jobs_purge``, beat), and ID and phone numbers in stored errors are masked.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import SYSTEM, Actor, person_or_none
from courtops.core.cases.masking import mask_identifiers
from courtops.core.choices import AuditAction
from courtops.core.exceptions import DomainError, PermissionRefused, ValidationFailed
from courtops.core.models import Court, ImportJob, ImportJobStatus, ImportKind
from courtops.core.services.audit import audit_record
from courtops.core.transitions import transition_run

logger = logging.getLogger(__name__)
MAX_STORED_ERRORS = 2000
MAX_RESTARTS = 3


@dataclass(frozen=True)
class ImportKindSpec:
    """How one kind of upload is authorised and run. ``run(job, say)`` imports ``job.content``
    (all or nothing), reporting progress through ``say``; it returns the outcome as a dict
    (``rows``/``created``/``existing`` are copied to the job's columns)."""

    authorise: Callable[[Actor, Court | None], None]
    run: Callable[[ImportJob, Callable[[str], None]], dict]


KINDS: dict[str, ImportKindSpec] = {}


def register_import_kind(kind: str, spec: ImportKindSpec) -> None:
    KINDS[kind] = spec


def _dead_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.COURTOPS_IMPORT_DEAD_AFTER_SECONDS)


def import_job_create(
    *,
    actor: Actor,
    court: Court | None,
    filename: str,
    content: bytes,
    kind: str = ImportKind.LEDGER,
) -> ImportJob:
    """Store an uploaded workbook and queue its import. The workbook's archive is checked here
    (size once opened, compression, rows and cells) so a zip bomb is refused at the upload."""
    from courtops.core.excel import check_workbook_archive

    KINDS[kind].authorise(actor, court)
    if len(content) > settings.COURTOPS_MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.COURTOPS_MAX_UPLOAD_BYTES // 2**20},
            field="file",
        )
    if not content.startswith(b"PK"):
        raise ValidationFailed(_("The file is not an Excel workbook (.xlsx)."), field="file")
    check_workbook_archive(content)
    person = person_or_none(actor)
    if person is None:  # a job shows who started it: the system starts none from a page
        raise PermissionRefused(_("A ledger import is started by a person."))
    with transaction.atomic():
        job = ImportJob.objects.create(
            court=court, created_by=person, filename=filename[:200], content=content, kind=kind
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=job,
            changes={"file": [None, job.filename], "bytes": [None, len(content)]},
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> bool:
    from courtops.core.cases.tasks import import_job_run_task

    try:
        import_job_run_task.delay(job_id)
    except Exception:  # noqa: BLE001 — a broker that is down must not fail the upload
        logger.warning("could not enqueue import %s; the sweep will start it", job_id)
        # The page tells the person the queue is unreachable instead of "queued".
        ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
            queue_unreachable=True
        )
        return False
    return True


class _Heartbeat:
    """Stamps the job's ``heartbeat_at`` every few seconds from a thread of its own (the import
    itself may sit in one long database transaction). Its own connection, closed at the end."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"import-{job_id}", daemon=True)

    def _beat(self) -> None:
        interval = settings.COURTOPS_IMPORT_HEARTBEAT_SECONDS
        try:
            while not self.stop.wait(interval):
                try:
                    ImportJob.objects.filter(pk=self.job_id, status=ImportJobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # noqa: BLE001 — a missed beat is not fatal
                    logger.warning("heartbeat of import %s failed", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def _stale_running(now) -> Q:
    dead = now - _dead_after()
    return Q(status=ImportJobStatus.RUNNING) & (
        Q(heartbeat_at__lt=dead) | Q(heartbeat_at__isnull=True, started_at__lt=dead)
    )


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued (or abandoned) job. Returns None when another run owns it or it is done."""
    now = timezone.now()
    # The claim (queued → running, or running but silent → running again) is the one state
    # change that does NOT go through ``transition_run``, on purpose: it must be a single
    # compare-and-set statement that exactly one of two racing workers wins, on SQLite as on
    # PostgreSQL, and it must hold no row lock while the (minutes-long) import runs. The filter
    # is the claim's "source" states; the protected FSM field does not stop a queryset update.
    base = ImportJob.objects.filter(pk=job_id)
    claimed = base.filter(status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=_("starting"),
        queue_unreachable=False,
    )
    if claimed != 1:
        # A job whose worker died: resume it, counting the restart.
        job = base.only("restarts").first()
        if job is None:
            return None
        claimed = (
            base.filter(_stale_running(now))
            .filter(restarts=job.restarts)
            .update(
                started_at=now,
                heartbeat_at=now,
                restarts=job.restarts + 1,
                progress=_("resumed after its worker stopped"),
            )
        )
        if claimed != 1:
            return None
        if job.restarts + 1 > MAX_RESTARTS:
            _finish_failed(
                job_id,
                _(
                    "The import stopped its worker %(n)s times and was given up. The file may "
                    "be too large: split it into smaller files and import them one by one."
                )
                % {"n": job.restarts + 1},
            )
            return ImportJob.objects.get(pk=job_id)
    job = ImportJob.objects.select_related("court", "created_by").get(pk=job_id)

    def say(text: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            progress=str(text)[:200], heartbeat_at=timezone.now()
        )

    try:
        with _Heartbeat(job_id):
            result = KINDS[job.kind].run(job, say)
    except DomainError as exc:
        _finish_failed(job_id, exc.message, list(exc.errors))
    except IntegrityError:
        logger.exception("import %s collided with another write", job_id)
        _finish_failed(
            job_id,
            _(
                "Another import or registration saved some of the same cases at the same "
                "time, so nothing of this file was imported. Import the file again: cases "
                "registered meanwhile will be skipped."
            ),
        )
    except Exception:  # an unexpected fault: a message on the page, details in the log
        logger.exception("import %s failed", job_id)
        _finish_failed(
            job_id,
            _(
                "The import stopped because of an internal error (import %(id)s); nothing of "
                "it was saved. Try again; if it happens again, tell the administrator."
            )
            % {"id": job_id},
        )
        raise
    else:
        transition_run(
            model=ImportJob,
            pk=job_id,
            transition="finish",
            actor=SYSTEM,
            params={
                "rows": result.get("rows", 0),
                "created": result.get("created", 0),
                "existing": result.get("existing", 0),
                "result": result,
            },
            audit_changes={k: result[k] for k in ("rows", "created", "existing") if k in result},
        )
    job.refresh_from_db()
    return job


def _mask_error(error):
    if isinstance(error, dict):
        return {k: mask_identifiers(v) if isinstance(v, str) else v for k, v in error.items()}
    return mask_identifiers(str(error))


def _finish_failed(job_id: int, message: str, errors: list | None = None) -> None:
    """running → failed by the system (the worker), audited; identifiers masked before they
    are stored."""
    errors = errors or []
    transition_run(
        model=ImportJob,
        pk=job_id,
        transition="fail",
        actor=SYSTEM,
        params={
            "message": mask_identifiers(message),
            "errors": [_mask_error(e) for e in errors[:MAX_STORED_ERRORS]],
            "error_count": len(errors),
        },
    )


def import_jobs_sweep(*, older_than: dt.timedelta = dt.timedelta(minutes=1)) -> list[int]:
    """Ids of jobs that were never picked up (the broker was down) or lost their worker (no
    heartbeat for COURTOPS_IMPORT_DEAD_AFTER_SECONDS)."""
    now = timezone.now()
    return list(
        ImportJob.objects.filter(
            Q(status=ImportJobStatus.QUEUED, created_at__lt=now - older_than) | _stale_running(now)
        ).values_list("pk", flat=True)
    )


def import_jobs_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the uploaded workbooks (personal data) of jobs finished more than
    COURTOPS_IMPORT_RETENTION_DAYS ago; the outcome and the masked errors stay. Idempotent."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.COURTOPS_IMPORT_RETENTION_DAYS)
    return ImportJob.objects.filter(
        status__in=[ImportJobStatus.DONE, ImportJobStatus.FAILED],
        finished_at__lte=cutoff,
        content_purged_at__isnull=True,
    ).update(content=b"", content_purged_at=now)


# --- the case ledger ------------------------------------------------------------------------
def _ledger_authorise(actor: Actor, court: Court | None) -> None:
    from courtops.core.permissions import require_case_writer

    if court is None:
        raise PermissionRefused(_("Only the case-management office may import cases."))
    require_case_writer(actor, court.pk)


def _ledger_run(job: ImportJob, say: Callable[[str], None]) -> dict:
    from courtops.core.cases.importer import ledger_import

    assert job.court is not None  # a ledger job always has its court (_ledger_authorise)
    return ledger_import(
        actor=job.created_by,
        court=job.court,
        source=io.BytesIO(job.content),
        label=job.filename,
        progress=say,
    )


register_import_kind(
    ImportKind.LEDGER, ImportKindSpec(authorise=_ledger_authorise, run=_ledger_run)
)
