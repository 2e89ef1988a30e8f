"""Background work of the case register."""

from __future__ import annotations

from celery import shared_task

from courtops.core.cases.services import case_refresh_time_limits
from courtops.core.models import Court


@shared_task(name="cases.refresh_time_limits", acks_late=True)
def refresh_time_limits() -> int:
    """Recompute the stored 审限 end of every open case (beat runs it): open clock-stops move
    it day by day, and a newly entered holiday year turns provisional ends into final ones.
    Idempotent: it only writes ends that changed. One court at a time, ~1 s per 10k cases."""
    return sum(
        case_refresh_time_limits(court=court) for court in Court.objects.filter(is_active=True)
    )


@shared_task(name="cases.import_job_run", acks_late=True)
def import_job_run_task(job_id: int) -> str:
    """Run one ledger import (claimed by compare-and-set: a redelivery does nothing twice)."""
    from courtops.core.cases.import_jobs import import_job_run

    job = import_job_run(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(name="cases.import_jobs_sweep", acks_late=True)
def import_jobs_sweep_task() -> int:
    """Start imports that were never picked up or whose worker died (beat, every 15 s)."""
    from courtops.core.cases.import_jobs import import_jobs_sweep

    ids = import_jobs_sweep()
    for job_id in ids:
        import_job_run_task.delay(job_id)
    return len(ids)


@shared_task(name="cases.import_jobs_purge", acks_late=True)
def import_jobs_purge_task() -> int:
    """Delete uploaded workbooks past their retention (beat, hourly; idempotent)."""
    from courtops.core.cases.import_jobs import import_jobs_purge

    return import_jobs_purge()
