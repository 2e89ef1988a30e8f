"""python manage.py demo_load — the demo court, idempotent (safe to run again)."""

from __future__ import annotations

import importlib
import time

from django.core.management.base import BaseCommand

from courtops.core.demo.foundation import load_foundation

# Loaders of later capabilities, in dependency order: "module:function", called with
# (court=<demo court>, stdout=<writer>). A module that does not exist yet is skipped.
LOADERS = [
    "nodes.demo:load",
    "courtops.core.demo.cases:load",
]


class Command(BaseCommand):
    help = "Load the demo court (standards library, units, people, cases …). Safe to run again."

    def handle(self, *args, **options):
        started = time.monotonic()
        court = load_foundation(stdout=self.stdout)
        for spec in LOADERS:
            module_name, func_name = spec.split(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    continue
                raise
            step = time.monotonic()
            getattr(module, func_name)(court=court, stdout=self.stdout)
            self.stdout.write(f"  {spec} done in {time.monotonic() - step:.1f}s")
        from courtops.core.services.audit import audit_seal_all

        audit_seal_all()
        self.stdout.write(
            self.style.SUCCESS(f"demo data ready in {time.monotonic() - started:.1f}s")
        )
