"""python manage.py catalog load | validate | stats [--json] | export-excel S15 --out f.xlsx |
import-excel f.xlsx — the standards library from the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import DomainError
from nodes.catalog import LIBRARY_DIR, read_library
from nodes.validation import validate_library


class Command(BaseCommand):
    help = "Load, validate, count, export or import the standards library."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load the library files (idempotent, version-aware)")
        load.add_argument("--path", default=str(LIBRARY_DIR))
        load.add_argument(
            "--partial",
            action="store_true",
            help="skip the completeness checks (a template per procedure, every node used)",
        )
        validate = sub.add_parser("validate", help="check the library; non-zero exit on problems")
        validate.add_argument("--path", default=str(LIBRARY_DIR))
        validate.add_argument("--partial", action="store_true")
        stats = sub.add_parser("stats", help="counts of the library in force")
        stats.add_argument("--json", action="store_true")
        export = sub.add_parser("export-excel", help="write a standard to an Excel workbook")
        export.add_argument("code")
        export.add_argument("--out", required=True)
        export.add_argument("--version", type=int, help="default: the published version")
        imp = sub.add_parser("import-excel", help="import a workbook as a draft of its standard")
        imp.add_argument("file")
        imp.add_argument("--publish", action="store_true", help="publish the draft at once")

    def handle(self, *args, **opts):
        return getattr(self, "_" + opts["action"].replace("-", "_"))(opts)

    def _fail(self, exc: DomainError):
        for line in exc.errors:
            self.stderr.write(str(line))
        raise CommandError(exc.message)

    def _load(self, opts):
        from nodes.services import catalog_load

        started = time.monotonic()
        try:
            report = catalog_load(
                actor=SYSTEM,
                root=opts["path"],
                complete=not opts["partial"],
                log=self.stdout.write,
            )
        except DomainError as exc:
            self._fail(exc)
        for line in report.lines():
            self.stdout.write(line)
        state = "loaded" if report.changed else "nothing changed"
        self.stdout.write(self.style.SUCCESS(f"{state} in {time.monotonic() - started:.2f}s"))

    def _validate(self, opts):
        lib = read_library(opts["path"])
        problems = validate_library(lib, complete=not opts["partial"])
        for p in problems:
            self.stdout.write(str(p))
        nodes = sum(len(s.doc.get("nodes") or []) for s in lib.standards if isinstance(s.doc, dict))
        summary = (
            f"{len(lib.standards)} standards, {nodes} nodes, {len(lib.fragments)} fragments, "
            f"{len(lib.templates)} templates: {len(problems)} problem(s)"
            f" ({sum(p.level == 'warning' for p in problems)} warning(s))"
        )
        if problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _stats(self, opts):
        from nodes.selectors import library_stats

        stats = library_stats()
        if opts["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False))
            return
        for key, value in stats.items():
            if key != "per_board":
                self.stdout.write(f"{key}: {value}")
        for code, b in stats["per_board"].items():
            self.stdout.write(
                f"  {code} {b['name']}: {b['standards']} standards, {b['node_types']} nodes"
            )

    def _export_excel(self, opts):
        from nodes.models import StandardVersion
        from nodes.services import standard_export_excel

        qs = StandardVersion.objects.filter(standard__code=opts["code"]).select_related(
            "standard__board"
        )
        version = (
            qs.filter(version=opts["version"]).first()
            if opts["version"]
            else qs.filter(status="published").first()
        )
        if version is None:
            raise CommandError(f"no such version of {opts['code']}")
        Path(opts["out"]).write_bytes(standard_export_excel(version=version, actor=SYSTEM))
        self.stdout.write(self.style.SUCCESS(f"{version} written to {opts['out']}"))

    def _import_excel(self, opts):
        from nodes.services import standard_import_excel, standard_version_publish

        path = Path(opts["file"])
        try:
            draft = standard_import_excel(actor=SYSTEM, data=path.read_bytes(), filename=path.name)
            self.stdout.write(f"draft {draft} ({draft.specs.count()} nodes)")
            if opts["publish"]:
                standard_version_publish(actor=SYSTEM, version_id=draft.pk)
                self.stdout.write(self.style.SUCCESS(f"{draft} published"))
        except DomainError as exc:
            self._fail(exc)
