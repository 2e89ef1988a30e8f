"""Background jobs that people start from a page and watch: ledger imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from courtops.core.models.scoping import CourtScopedQuerySet
from courtops.core.models.tenancy import Court


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportKind(models.TextChoices):
    LEDGER = "ledger", _("Case ledger")
    STANDARD = "standard", _("Operating standard")


class ImportJob(FSMModelMixin, models.Model):
    """A case-ledger import that runs in the background: the uploaded workbook, who started
    it, its progress and its outcome. The import itself is all-or-nothing and idempotent, so a
    job that runs twice (a redelivered task after a worker died) imports nothing twice."""

    # Empty for an installation-wide upload by the platform administrator (a standard).
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="import_jobs", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ImportKind.choices, default=ImportKind.LEDGER
    )
    filename = models.CharField(_("file"), max_length=200)
    # Personal data at rest: emptied ``COURTOPS_IMPORT_RETENTION_DAYS`` after the job finished.
    content = models.BinaryField(_("workbook"))
    content_purged_at = models.DateTimeField(_("upload deleted at"), null=True, blank=True)
    # queued → running → done | failed. The claim (queued, or running but abandoned → running)
    # is a compare-and-set UPDATE in ``import_job_run``, not a transition method: see there why.
    status = FSMField(
        _("status"),
        max_length=10,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.QUEUED,
        protected=True,
    )
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("cases created"), default=0)
    existing = models.PositiveIntegerField(_("already registered"), default=0)
    message = models.TextField(_("message"), blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    # Written every few seconds by the worker running the job; a running job whose heartbeat is
    # older than COURTOPS_IMPORT_DEAD_AFTER_SECONDS lost its worker and is resumed by the sweep.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(_("restarts after a crash"), default=0)
    queue_unreachable = models.BooleanField(_("queue unreachable"), default=False)
    result = models.JSONField(_("result"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = CourtScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger import (台账导入)")
        verbose_name_plural = _("ledger imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @transition(field=status, source=ImportJobStatus.RUNNING, target=ImportJobStatus.DONE)
    def finish(
        self, *, rows: int = 0, created: int = 0, existing: int = 0, result: dict | None = None
    ) -> None:
        """running → done, with the counts of the import (and a kind's own outcome)."""
        self.rows, self.created, self.existing = rows, created, existing
        self.result = result or {}
        self.finished_at = timezone.now()
        self.progress = ""

    @transition(field=status, source=ImportJobStatus.RUNNING, target=ImportJobStatus.FAILED)
    def fail(self, *, message: str, errors: list | None = None, error_count: int = 0) -> None:
        """running → failed, with the message (and the row errors) shown on the page."""
        self.message = message
        if errors is not None:
            self.errors, self.error_count = errors, error_count
            self.progress = ""
        self.finished_at = timezone.now()

    @property
    def is_active(self) -> bool:
        return self.status in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)

    @property
    def seems_dead(self) -> bool:
        """Running, but its worker has not written a heartbeat for the allowed time."""
        if self.status != ImportJobStatus.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at
        limit = settings.COURTOPS_IMPORT_DEAD_AFTER_SECONDS
        return last is None or (timezone.now() - last).total_seconds() > limit
