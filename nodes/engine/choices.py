"""States of the workflow engine's rows (labels translated in nodes/locale)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowStatus(models.TextChoices):
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")
    CANCELLED = "cancelled", _("cancelled")


class WorkOrderStatus(models.TextChoices):
    READY = "ready", _("ready")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    ON_HOLD = "on_hold", _("on hold")
    CANCELLED = "cancelled", _("cancelled")

    @classmethod
    def final_values(cls) -> list[str]:
        return [cls.ACCEPTED, cls.CANCELLED]

    @classmethod
    def open_values(cls) -> list[str]:
        return [v for v in cls.values if v not in cls.final_values()]


class WaitStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    ENDED = "ended", _("ended")
    CANCELLED = "cancelled", _("cancelled")


class AttemptOutcome(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
