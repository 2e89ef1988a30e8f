"""python manage.py demo_load — the demo court, idempotent (safe to run again)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from courtops.core.demo.foundation import load_foundation
from courtops.core.registries import demo_loaders


class Command(BaseCommand):
    help = "Load the demo court (standards library, units, people, cases …). Safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()
        court = load_foundation(stdout=self.stdout)
        # Each app registers its loader in its AppConfig.ready() (courtops.core.registries),
        # positioned so that what a loader needs is loaded before it.
        for loader in demo_loaders():
            step = time.monotonic()
            loader.load()(court=court, stdout=self.stdout)
            self.stdout.write(f"  {loader.path} done in {time.monotonic() - step:.1f}s")
        from courtops.core.services.audit import audit_seal_all

        audit_seal_all()
        self.stdout.write(
            self.style.SUCCESS(f"demo data ready in {time.monotonic() - started:.1f}s")
        )
