"""Background work of the workflow engine."""

from __future__ import annotations

from celery import shared_task

from courtops.core.actors import SYSTEM


@shared_task(name="nodes.waits_sweep", acks_late=True)
def waits_sweep_task() -> int:
    """End the waits on parties whose period has run (beat runs it; idempotent)."""
    from nodes.engine.services import waits_sweep

    return waits_sweep(actor=SYSTEM)
