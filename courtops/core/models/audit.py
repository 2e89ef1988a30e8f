"""The audit trail: append-only events, sealed into a hash chain per court.

Writes never queue on a chain lock: a service only INSERTs an ``AuditEvent`` in its own
transaction. A short background step (``audit_seal``) later takes the chain head of one court
under ``SELECT … FOR UPDATE`` and appends ``AuditSeal`` rows that link each event to the one
before it by SHA-256. On PostgreSQL both tables refuse UPDATE and DELETE (pgtrigger), so the
chain can only be broken by someone who disables the triggers — which ``audit verify`` reports.
"""

from __future__ import annotations

import hashlib
import json

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courtops.core.choices import AuditAction
from courtops.core.models.scoping import CourtScopedQuerySet
from courtops.core.models.tenancy import Court

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(CourtScopedQuerySet):
    pass


class AuditEvent(models.Model):
    """One change or sensitive read: who (and in which role and court), when, on what object,
    which fields changed from what to what, and why."""

    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    chain = models.BigIntegerField(_("chain"), db_index=True, editable=False)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=100, blank=True)
    actor_role = models.CharField(_("actor role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event (审计事件)")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        triggers = [
            pgtrigger.Protect(
                name="audit_event_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        # SQLite has no triggers; refuse edits in Python there too.
        if self.pk is not None and not kwargs.pop("_allow_tamper", False):
            raise AppendOnlyError("audit events are append-only")
        self.chain = self.court_id or 0
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only")

    def canonical(self) -> str:
        """The exact text that is hashed into the chain."""
        return json.dumps(
            {
                "id": self.pk,
                "chain": self.chain,
                "court": self.court_id,
                "at": self.at.isoformat(),
                "actor": self.actor_id,
                "actor_role": self.actor_role,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "changes": self.changes,
                "reason": self.reason,
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=str,
        )

    def link_hash(self, prev_hash: str) -> str:
        return hashlib.sha256(f"{prev_hash}|{self.canonical()}".encode()).hexdigest()


class AuditSeal(models.Model):
    """The position of an event in its court's chain and the hash that links it."""

    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="seal")
    chain = models.BigIntegerField(_("chain"))
    seq = models.BigIntegerField(_("sequence"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_seal_unique_position")
        ]
        triggers = [
            pgtrigger.Protect(
                name="audit_seal_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]


class AuditChainHead(models.Model):
    """The last sealed position of one chain; locked only by the sealing step."""

    chain = models.BigIntegerField(primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
