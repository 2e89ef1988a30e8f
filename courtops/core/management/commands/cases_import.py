"""python manage.py cases_import <ledger.xlsx> [--court 粤1971] — import a case ledger (台账)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from courtops.core.actors import SYSTEM
from courtops.core.cases.importer import ledger_import
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import Court


class Command(BaseCommand):
    help = "Import cases from an Excel ledger: all rows or none; re-importing skips known cases."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--court", default="粤1971", help="court code, e.g. 粤1971")

    def handle(self, *args, **options):
        court = Court.objects.filter(code=options["court"]).first()
        if court is None:
            raise CommandError(f"No court with code {options['court']}.")
        started = time.monotonic()
        try:
            with open(options["file"], "rb") as fh:
                result = ledger_import(
                    actor=SYSTEM,
                    court=court,
                    source=fh,
                    label=options["file"],
                    progress=lambda msg: self.stdout.write(
                        f"  {msg} ({time.monotonic() - started:.1f}s)"
                    ),
                )
        except ValidationFailed as exc:
            for err in exc.errors[:200]:
                if isinstance(err, dict):
                    self.stderr.write(f"row {err['row']}, {err['field']}: {err['message']}")
                else:
                    self.stderr.write(str(err))
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['created']} created, {result['existing']} already registered, "
                f"{result['rows']} rows in {time.monotonic() - started:.1f}s"
            )
        )
