"""Background work of the foundation. Tasks take ids, call one service and are idempotent."""

from __future__ import annotations

from celery import shared_task

from courtops.core.services import audit


@shared_task(
    name="core.audit_seal_chain",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def audit_seal_chain(chain: int) -> int:
    """Seal the unsealed events of one chain (safe to run twice: the head row is locked)."""
    return audit.audit_seal(chain=chain).sealed


@shared_task(name="core.audit_seal_all", acks_late=True)
def audit_seal_all() -> int:
    return sum(r.sealed for r in audit.audit_seal_all())


@shared_task(name="core.ping")
def ping() -> str:
    return "pong"
