"""The audit trail: append-only events, sealed into a hash chain per court.

Writes never queue on a chain lock: a service only INSERTs an ``AuditEvent`` in its own
transaction. A short background step (``audit_seal``) later takes the chain head of one court
under ``SELECT … FOR UPDATE`` and appends ``AuditSeal`` rows that link each event to the one
before it by SHA-256 over *every* stored field of the event. Periodic ``AuditCheckpoint`` rows
(and, if configured, lines in a file outside the database) record each chain's length and head
hash, so ``audit verify`` notices a chain that was cut short or emptied.

On PostgreSQL the tables are guarded by plain triggers created in migration 0006 (not
pgtrigger's, which any database role can switch off with ``SET pgtrigger.ignore``): events,
seals and checkpoints refuse UPDATE, DELETE and TRUNCATE; a chain head may only move forward
to a seal that exists. The application runs as a role that owns no table, so it can neither
disable those triggers nor truncate (``manage.py audit_db_role``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courtops.core.choices import AuditAction
from courtops.core.models.scoping import CourtScopedQuerySet
from courtops.core.models.tenancy import Company, Court
from courtops.core.permissions import is_platform_admin

GENESIS_HASH = "0" * 64
# Hash schemes: 1 hashed the fields chosen in 2025 (without actor_name, object_repr,
# ip_address); 2 hashes every stored field. Links sealed before migration 0006 keep scheme 1.
CURRENT_SCHEME = 2
_SCHEME_1_FIELDS = (
    "id",
    "chain",
    "court",
    "at",
    "actor",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "changes",
    "reason",
)


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(CourtScopedQuerySet):
    def for_user(self, user) -> AuditEventQuerySet:
        """Court staff see their court's events and the events of the companies that serve
        their court (vendor logins, failed logins, unlocks); platform administrators all."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        if user.court_id is not None:
            served_by = Company.objects.filter(courts=user.court_id).values("pk")
            return self.filter(
                models.Q(court_id=user.court_id)
                | models.Q(court__isnull=True, company__in=served_by)
            )
        return self.none()


class AuditEvent(models.Model):
    """One change or sensitive read: who (and in which role, court or company), when, from
    which address, on what object, which fields changed from what to what, and why."""

    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("service company (服务商)"),
        help_text=_("Set for events of a company's people, so the courts it serves see them."),
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

    def _stored(self) -> dict[str, Any]:
        """Every stored column by its name (foreign keys by their column, ``court`` not
        ``court_id``), values in a stable text form."""
        values: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, dt.datetime | dt.date):
                value = value.isoformat()
            values[field.name] = value
        return values

    def canonical(self, scheme: int = CURRENT_SCHEME) -> str:
        """The exact text that is hashed into the chain: under scheme 2 every stored field,
        so changing who, what, from where or why breaks the link."""
        stored = self._stored()
        if scheme == 1:
            stored = {k: stored[k] for k in _SCHEME_1_FIELDS}
        return json.dumps(
            stored, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        )

    def link_hash(self, prev_hash: str, scheme: int = CURRENT_SCHEME) -> str:
        return hashlib.sha256(f"{prev_hash}|{self.canonical(scheme)}".encode()).hexdigest()


class AuditSeal(models.Model):
    """The position of an event in its court's chain and the hash that links it."""

    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="seal")
    chain = models.BigIntegerField(_("chain"))
    seq = models.BigIntegerField(_("sequence"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    scheme = models.PositiveSmallIntegerField(_("hash scheme"), default=CURRENT_SCHEME)
    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_seal_unique_position")
        ]


class AuditChainHead(models.Model):
    """The last sealed position of one chain; locked only by the sealing step. On PostgreSQL
    a trigger lets it move only forward, onto a seal that exists."""

    chain = models.BigIntegerField(primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")


class AuditCheckpoint(models.Model):
    """A chain's length and head hash at one moment, written by a periodic task into its own
    append-only table (and optionally a file elsewhere): ``audit verify`` checks each chain
    still reaches every recorded length with the recorded hash, so a cut tail or an emptied
    chain is reported even if its head was set back."""

    chain = models.BigIntegerField(_("chain"), db_index=True)
    seq = models.BigIntegerField(_("chain length"))
    hash = models.CharField(_("head hash"), max_length=64)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_checkpoint_unique")
        ]
