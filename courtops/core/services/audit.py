"""Writing and sealing the audit trail.

``audit_record`` is called by every service inside the transaction of its change, so the event
commits or rolls back with it. ``audit_seal`` links unsealed events into their chain; Celery beat
runs it every COURTOPS_AUDIT_SEAL_SECONDS (10 s by default) and it is safe to run twice at once.
Writers do no broker work at all: a 10,000-row import costs no 10,000 queued tasks, and a broker
that is down never fails a user's change.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from courtops.core.actors import Actor
from courtops.core.choices import AuditAction
from courtops.core.models import AuditChainHead, AuditEvent, AuditSeal
from courtops.core.models.audit import GENESIS_HASH

logger = logging.getLogger(__name__)

SEAL_BATCH = 2000  # events sealed per chain per transaction: ~2k small INSERTs, well under a second


def _plain(value: Any) -> Any:
    """A JSON-safe, stable form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Concrete field values of ``obj`` (foreign keys as ids), for a before/after diff."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _court_id_of(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "core.court":
        return obj.pk
    return getattr(obj, "court_id", None)


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    changes: dict | None = None,
    reason: str = "",
    court_id: int | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Write one audit event in the caller's transaction and schedule its sealing on commit."""
    if court_id is None:
        court_id = _court_id_of(obj)
        if court_id is None and actor is not None and getattr(actor, "court_id", None):
            court_id = actor.court_id
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        court_id=court_id,
        actor=actor if is_person else None,
        actor_name=actor.full_name if is_person else "system",
        actor_role=actor.role if is_person else "",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:200],
        changes=_plain(changes or {}),
        reason=reason,
        ip_address=ip_address,
    )
    event.save()
    return event


@dataclass(frozen=True)
class SealResult:
    chain: int
    sealed: int
    last_seq: int


def audit_seal(*, chain: int, batch: int = SEAL_BATCH) -> SealResult:
    """Append unsealed events of one chain to it, oldest first. Idempotent and race-safe:
    the chain head row is locked, so a second sealer waits and then finds nothing to do."""
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
        pending = list(
            AuditEvent.objects.filter(chain=chain, seal__isnull=True).order_by("id")[:batch]
        )
        prev_hash, seq = head.last_hash, head.last_seq
        seals = []
        now = timezone.now()
        for event in pending:
            seq += 1
            link = event.link_hash(prev_hash)
            seals.append(
                AuditSeal(
                    event=event, chain=chain, seq=seq, prev_hash=prev_hash, hash=link, sealed_at=now
                )
            )
            prev_hash = link
        if seals:
            AuditSeal.objects.bulk_create(seals)
            head.last_seq, head.last_hash = seq, prev_hash
            head.save(update_fields=["last_seq", "last_hash", "updated_at"])
    return SealResult(chain=chain, sealed=len(seals), last_seq=seq)


def audit_seal_all() -> list[SealResult]:
    """Seal every chain that has unsealed events (the periodic sweep)."""
    chains = AuditEvent.objects.filter(seal__isnull=True).values_list("chain", flat=True).distinct()
    results = []
    for chain in sorted(set(chains)):
        while True:
            result = audit_seal(chain=chain)
            results.append(result)
            if result.sealed < SEAL_BATCH:
                break
    return results


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int | None
    event_id: int | None
    problem: str


def audit_verify(*, chain: int | None = None) -> tuple[int, list[ChainProblem]]:
    """Walk each chain in sequence order and recompute every link. Returns the number of links
    checked and, per chain, the first broken link (if any)."""
    chains = (
        [chain]
        if chain is not None
        else sorted(set(AuditSeal.objects.values_list("chain", flat=True)))
    )
    checked = 0
    problems: list[ChainProblem] = []
    for ch in chains:
        prev_hash, expected_seq = GENESIS_HASH, 1
        seals = AuditSeal.objects.filter(chain=ch).select_related("event").order_by("seq")
        for seal in seals.iterator(chunk_size=2000):
            checked += 1
            problem = None
            if seal.seq != expected_seq:
                problem = (
                    f"sequence jumps from {expected_seq - 1} to {seal.seq} (a link is missing)"
                )
            elif seal.prev_hash != prev_hash:
                problem = "previous-hash does not match the link before it"
            elif seal.event.link_hash(prev_hash) != seal.hash:
                problem = "event content does not match its hash (the event was altered)"
            if problem:
                problems.append(ChainProblem(ch, seal.seq, seal.event_id, problem))
                break
            prev_hash, expected_seq = seal.hash, expected_seq + 1
        else:
            head = AuditChainHead.objects.filter(chain=ch).first()
            if head is not None and head.last_seq != expected_seq - 1:
                problems.append(
                    ChainProblem(
                        ch,
                        expected_seq,
                        None,
                        f"chain head says {head.last_seq} links but {expected_seq - 1} were found",
                    )
                )
    return checked, problems


__all__ = [
    "AuditAction",
    "audit_record",
    "audit_seal",
    "audit_seal_all",
    "audit_verify",
    "diff",
    "snapshot",
]
