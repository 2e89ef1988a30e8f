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
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from courtops.core.actors import Actor, require_actor

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
from courtops.core.choices import AuditAction
from courtops.core.client_ip import current_client_ip
from courtops.core.models import AuditChainHead, AuditCheckpoint, AuditEvent, AuditSeal, Person
from courtops.core.models.audit import CURRENT_SCHEME, GENESIS_HASH

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
        return {_plain(str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, str):
        return value.replace("\x00", "")  # PostgreSQL stores no NUL, in text or in JSON
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
    actor: Actor | AnonymousUser,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    changes: dict | None = None,
    reason: str = "",
    court_id: int | None = None,
    company_id: int | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Write one audit event in the caller's transaction (sealed later by ``audit_seal``).

    The court is the object's, else the actor's. Events of a company's people (their logins,
    an unlock by their supervisor) carry the company, so the office of every court it serves
    sees them. The IP address defaults to the client of the web request being handled.
    ``actor`` is a person, the anonymous user (a failed login) or ``SYSTEM`` — never None."""
    require_actor(actor)
    if court_id is None:
        court_id = _court_id_of(obj)
        if court_id is None:
            court_id = getattr(actor, "court_id", None)
    if company_id is None and court_id is None:
        company_id = getattr(obj, "company_id", None) if obj is not None else None
        if company_id is None and actor is not None:
            company_id = getattr(actor, "company_id", None)
    if ip_address is None:
        ip_address = current_client_ip()
    person = actor if isinstance(actor, Person) and actor.is_authenticated else None
    # An event about other rows than ``obj`` (a batch on a court) takes no id from ``obj``.
    same_type = obj is not None and (object_type is None or object_type == obj._meta.label_lower)
    event = AuditEvent(
        court_id=court_id,
        company_id=company_id,
        actor=person,
        actor_name=person.full_name if person else "system",
        actor_role=person.role if person else "",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=_plain(
            str(
                object_id
                if object_id is not None
                else (obj.pk if obj is not None and same_type else "")
            )
        ),
        object_repr=_plain(object_repr if object_repr is not None else str(obj or ""))[:200],
        changes=_plain(changes or {}),
        reason=_plain(reason or ""),
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
            link = event.link_hash(prev_hash, CURRENT_SCHEME)
            seals.append(
                AuditSeal(
                    event=event,
                    chain=chain,
                    seq=seq,
                    prev_hash=prev_hash,
                    hash=link,
                    scheme=CURRENT_SCHEME,
                    sealed_at=now,
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
class Checkpoint:
    chain: int
    seq: int
    hash: str
    at: str


def audit_checkpoint() -> list[Checkpoint]:
    """Record every chain's length and head hash where a later cut can be seen: a row in the
    append-only checkpoint table and, if COURTOPS_AUDIT_ANCHOR_FILE is set, a JSON line in
    that file (outside the database) and a log line. Only chains that grew since their last
    checkpoint get a new one, so running it twice changes nothing."""
    written: list[Checkpoint] = []
    last = {
        row["chain"]: row["seq__max"]
        for row in AuditCheckpoint.objects.values("chain").annotate(models.Max("seq"))
    }
    for head in AuditChainHead.objects.order_by("chain"):
        if head.last_seq == 0 or last.get(head.chain, 0) >= head.last_seq:
            continue
        row, created = AuditCheckpoint.objects.get_or_create(
            chain=head.chain, seq=head.last_seq, defaults={"hash": head.last_hash}
        )
        if created:
            written.append(Checkpoint(row.chain, row.seq, row.hash, row.at.isoformat()))
    if written:
        logger.info(
            "audit checkpoint %s",
            " ".join(f"chain={c.chain} seq={c.seq} hash={c.hash}" for c in written),
        )
        anchor = settings.COURTOPS_AUDIT_ANCHOR_FILE
        if anchor:
            with Path(anchor).open("a", encoding="utf-8") as fh:
                for c in written:
                    fh.write(json.dumps(c.__dict__, sort_keys=True) + "\n")
    return written


def read_anchor_file(path: str | Path) -> list[Checkpoint]:
    """Checkpoints from an anchor file (one JSON object a line); unreadable lines are skipped."""
    found = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
            found.append(Checkpoint(int(data["chain"]), int(data["seq"]), data["hash"], data["at"]))
        except (ValueError, KeyError, TypeError):
            continue
    return found


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int | None
    event_id: int | None
    problem: str


def _walk(ch: int) -> tuple[int, ChainProblem | None, dict[int, str]]:
    """Recompute every link of one chain; returns links checked, the first break, and the
    hash at each position (to compare checkpoints with)."""
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    hashes: dict[int, str] = {}
    seals = AuditSeal.objects.filter(chain=ch).select_related("event").order_by("seq")
    for seal in seals.iterator(chunk_size=2000):
        checked += 1
        problem = None
        if seal.seq != expected_seq:
            problem = f"sequence jumps from {expected_seq - 1} to {seal.seq} (a link is missing)"
        elif seal.prev_hash != prev_hash:
            problem = "previous-hash does not match the link before it"
        elif seal.event.link_hash(prev_hash, seal.scheme) != seal.hash:
            problem = "event content does not match its hash (the event was altered)"
        if problem:
            return checked, ChainProblem(ch, seal.seq, seal.event_id, problem), hashes
        hashes[seal.seq] = seal.hash
        prev_hash, expected_seq = seal.hash, expected_seq + 1
    return checked, None, hashes


def audit_verify(
    *, chain: int | None = None, anchors: Iterable[Checkpoint] = ()
) -> tuple[int, list[ChainProblem]]:
    """Walk each chain in sequence order and recompute every link, then hold it against its
    head and against every checkpoint (from the table, the configured anchor file and
    ``anchors``): a chain that no longer reaches a recorded length, or reaches it with another
    hash, was cut short or rewritten. Returns the links checked and one problem per chain."""
    outside = list(anchors)
    if settings.COURTOPS_AUDIT_ANCHOR_FILE and Path(settings.COURTOPS_AUDIT_ANCHOR_FILE).exists():
        outside += read_anchor_file(settings.COURTOPS_AUDIT_ANCHOR_FILE)
    recorded = [
        Checkpoint(c.chain, c.seq, c.hash, c.at.isoformat())
        for c in AuditCheckpoint.objects.order_by("chain", "seq")
    ] + outside
    if chain is not None:
        chains = [chain]
        recorded = [c for c in recorded if c.chain == chain]
    else:
        chains = sorted(
            set(AuditSeal.objects.values_list("chain", flat=True))
            | set(AuditChainHead.objects.values_list("chain", flat=True))
            | {c.chain for c in recorded}
        )
    total = 0
    problems: list[ChainProblem] = []
    for ch in chains:
        checked, problem, hashes = _walk(ch)
        total += checked
        if problem is None:
            problem = _against_head_and_checkpoints(
                ch, hashes, [c for c in recorded if c.chain == ch]
            )
        if problem is not None:
            problems.append(problem)
    return total, problems


def _against_head_and_checkpoints(
    ch: int, hashes: dict[int, str], recorded: list[Checkpoint]
) -> ChainProblem | None:
    length = len(hashes)
    for cp in sorted(recorded, key=lambda c: -c.seq):
        if cp.seq > length:
            return ChainProblem(
                ch,
                length + 1,
                None,
                f"the chain has {length} link(s) but the checkpoint of {cp.at} recorded {cp.seq}: "
                "events were deleted or the tail was cut",
            )
        if hashes.get(cp.seq) != cp.hash:
            return ChainProblem(
                ch,
                cp.seq,
                None,
                f"link {cp.seq} differs from the checkpoint of {cp.at} (the chain was rewritten)",
            )
    head = AuditChainHead.objects.filter(chain=ch).first()
    if head is None:
        if length:
            return ChainProblem(ch, None, None, "the chain head is missing")
        return None
    if head.last_seq != length:
        return ChainProblem(
            ch, length + 1, None, f"chain head says {head.last_seq} links but {length} were found"
        )
    if length and head.last_hash != hashes[length]:
        return ChainProblem(ch, length, None, "the chain head's hash differs from its last link")
    return None


__all__ = [
    "AuditAction",
    "audit_checkpoint",
    "audit_record",
    "audit_seal",
    "audit_seal_all",
    "audit_verify",
    "diff",
    "snapshot",
]
