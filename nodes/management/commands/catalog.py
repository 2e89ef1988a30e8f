"""python manage.py catalog load | validate [--runs N --seed S --strict-simulation] |
simulate <template> [--seed S] | stats [--json] | export-excel S15 --out f.xlsx |
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
        validate.add_argument(
            "--runs", type=int, default=None, help="random simulation runs per template (100)"
        )
        validate.add_argument("--seed", type=int, default=0, help="first seed of the runs")
        validate.add_argument(
            "--no-simulation", action="store_true", help="skip the seeded simulation"
        )
        validate.add_argument(
            "--strict-simulation",
            action="store_true",
            help="simulation findings are errors even when simulation.STRICT is False",
        )
        simulate = sub.add_parser(
            "simulate", help="one run of a template, step by step (the plain path or a seed)"
        )
        simulate.add_argument("template")
        simulate.add_argument("--seed", type=int, help="default: the plain path")
        simulate.add_argument("--path", default=str(LIBRARY_DIR))
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
        from nodes import simulation

        lib = read_library(opts["path"])
        problems = validate_library(lib, complete=not opts["partial"])
        advisories = []
        if not opts["no_simulation"]:
            found = simulation.simulate_library(
                lib,
                runs=simulation.RUNS if opts["runs"] is None else opts["runs"],
                seed=opts["seed"],
                strict=opts["strict_simulation"] or simulation.STRICT,
            )
            problems += [p for p in found if p.level != simulation.ADVISORY]
            advisories = [p for p in found if p.level == simulation.ADVISORY]
        for p in problems + advisories:
            self.stdout.write(str(p))
        nodes = sum(len(s.doc.get("nodes") or []) for s in lib.standards if isinstance(s.doc, dict))
        summary = (
            f"{len(lib.standards)} standards, {nodes} nodes, {len(lib.fragments)} fragments, "
            f"{len(lib.templates)} templates: {len(problems)} problem(s)"
            f" ({sum(p.level == 'warning' for p in problems)} warning(s))"
        )
        if advisories:
            summary += (
                f"; {len(advisories)} simulation finding(s) as advisories "
                "(--strict-simulation makes them errors)"
            )
        if problems:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _simulate(self, opts):
        from nodes import simulation

        lib = read_library(opts["path"])
        graphs, nodes = simulation.library_graphs(lib)
        found = [(f, g) for f, g in graphs if g["code"] == opts["template"]]
        if not found:
            raise CommandError(f"no template {opts['template']}")
        file, graph = found[0]
        g = simulation._Graph(graph, nodes)
        run = simulation.walk(g, seed=opts["seed"])
        for i, sid in enumerate(run.path, 1):
            day = run.ready_at.get(sid)
            when = f" day {day:g}" if day is not None and opts["seed"] is None else ""
            self.stdout.write(f"{i:4d} {sid} ({graph['steps'][g.order[sid]]['node']}){when}")
        for late in run.late:
            self.stdout.write(f"late: {late}")
        label = "plain path" if opts["seed"] is None else f"seed {opts['seed']}"
        if run.failure:
            raise CommandError(f"{file} {label}: {run.failure}")
        self.stdout.write(self.style.SUCCESS(f"{file} {label}: ended after {len(run.path)} steps"))

    def _stats(self, opts):
        from nodes.selectors import library_stats

        stats = library_stats(workload=True)
        if opts["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False))
            return
        for key, value in stats.items():
            if key not in ("per_board", "per_template", "review_load"):
                self.stdout.write(f"{key}: {value}")
        for code, b in stats["per_board"].items():
            self.stdout.write(
                f"  {code} {b['name']}: {b['standards']} standards, {b['node_types']} nodes"
            )
        self.stdout.write("plain path (work orders / reviewed always / steps; reviews a day):")
        for code, t in stats["per_template"].items():
            self.stdout.write(
                f"  {code}: {t['plain_path_work_orders']} / {t['plain_path_reviewed_always']} / "
                f"{t['plain_path_steps']}; {t['reviews_per_assistant_per_day']}"
            )
        load = stats["review_load"]
        self.stdout.write(
            f"reviews per assistant per working day: {load['reviews_per_assistant_per_day']} "
            f"({load['cases_per_year']} cases a year, {load['assistants']} assistants, "
            f"{load['working_days']} working days)"
        )

    def _export_excel(self, opts):
        from nodes.models import StandardVersion
        from nodes.services import standard_export_excel

        qs = (
            StandardVersion.objects.installation()
            .filter(standard__code=opts["code"])
            .select_related("standard__board")
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
