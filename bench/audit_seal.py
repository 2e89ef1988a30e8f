"""Benchmark: writing audit events and sealing them into the per-court hash chain.

* ``ours``: each write only INSERTs its event; a background step seals a batch afterwards.
* ``naive``: each write locks the court's chain head, computes its hash and appends the seal
  inside the write's own transaction (every write of a court queues on one lock).

Prints one JSON object. Run: .venv/bin/python bench/audit_seal.py [N]
"""

from __future__ import annotations

import json
import sys
import time

from _setup import setup_django

from courtops.core.actors import SYSTEM

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
backend = setup_django()

from django.db import transaction  # noqa: E402

from courtops.core.choices import AuditAction  # noqa: E402
from courtops.core.models import AuditChainHead, AuditEvent, AuditSeal, Court  # noqa: E402
from courtops.core.services.audit import audit_record, audit_seal, audit_verify  # noqa: E402

court = Court.objects.create(code="粤9999", name="基准测试法院", province="广东")
other = Court.objects.create(code="粤9998", name="基准测试法院乙", province="广东")


def write_ours(i: int) -> None:
    with transaction.atomic():
        audit_record(
            actor=SYSTEM,
            action=AuditAction.UPDATE,
            object_type="bench.row",
            object_id=i,
            court_id=court.pk,
            changes={"n": [i, i + 1]},
        )


def write_naive(i: int) -> None:
    with transaction.atomic():
        event = audit_record(
            actor=SYSTEM,
            action=AuditAction.UPDATE,
            object_type="bench.row",
            object_id=i,
            court_id=other.pk,
            changes={"n": [i, i + 1]},
        )
        AuditChainHead.objects.get_or_create(chain=other.pk)
        head = AuditChainHead.objects.select_for_update().get(chain=other.pk)
        link = event.link_hash(head.last_hash)
        AuditSeal.objects.create(
            event=event, chain=other.pk, seq=head.last_seq + 1, prev_hash=head.last_hash, hash=link
        )
        head.last_seq, head.last_hash = head.last_seq + 1, link
        head.save(update_fields=["last_seq", "last_hash", "updated_at"])


t0 = time.perf_counter()
for i in range(N):
    write_ours(i)
t_write = time.perf_counter() - t0
t0 = time.perf_counter()
while audit_seal(chain=court.pk).sealed:
    pass
t_seal = time.perf_counter() - t0

t0 = time.perf_counter()
for i in range(N):
    write_naive(i)
t_naive = time.perf_counter() - t0

checked, problems = audit_verify()
t0 = time.perf_counter()
audit_verify(chain=court.pk)
t_verify = time.perf_counter() - t0
assert not problems and AuditEvent.objects.count() == AuditSeal.objects.count() == 2 * N

print(
    json.dumps(
        {
            "benchmark": "audit_seal",
            "backend": backend,
            "events": N,
            "ours_write_seconds": round(t_write, 3),
            "ours_write_per_event_ms": round(1000 * t_write / N, 3),
            "ours_seal_seconds": round(t_seal, 3),
            "naive_write_with_inline_chain_seconds": round(t_naive, 3),
            "naive_write_per_event_ms": round(1000 * t_naive / N, 3),
            "verify_seconds": round(t_verify, 3),
            "links_verified": checked,
        }
    )
)
