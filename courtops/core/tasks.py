"""Background work of the foundation. Tasks take ids, call one service and are idempotent."""

from __future__ import annotations

from celery import shared_task

from courtops.core.services import audit


@shared_task(name="core.audit_seal_all", acks_late=True)
def audit_seal_all() -> int:
    """Seal every chain's unsealed events (beat runs it; safe to run twice at once: each chain
    head is locked while it is extended)."""
    return sum(r.sealed for r in audit.audit_seal_all())


@shared_task(name="core.audit_checkpoint", acks_late=True)
def audit_checkpoint() -> int:
    """Anchor every chain's length and head hash (beat runs it; a rerun adds nothing)."""
    audit.audit_seal_all()
    return len(audit.audit_checkpoint())
