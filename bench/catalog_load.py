"""How long loading the standards library takes: the real loader (bulk inserts, one transaction)
against a naive row-by-row save of the same rows, in the same run. Prints one JSON object.

    .venv/bin/python bench/catalog_load.py            # a fresh SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/courtops_bench .venv/bin/python bench/catalog_load.py
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from courtops.core.actors import SYSTEM

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtops.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from nodes.catalog import (  # noqa: E402
    LIBRARY_DIR,
    canonical_standard,
    expand_template,
    read_library,
)
from nodes.models import (  # noqa: E402
    Board,
    NodeSpec,
    NodeType,
    Standard,
    StandardVersion,
    Template,
    TemplateEdge,
    TemplateStep,
    TemplateVersion,
)
from nodes.services import catalog_load  # noqa: E402
from nodes.services.common import spec_rows  # noqa: E402
from nodes.validation import validate_library  # noqa: E402


def wipe() -> None:
    with transaction.atomic():
        Template.objects.update(current=None)
        Standard.objects.update(current=None)
        for model in (TemplateEdge, TemplateStep, TemplateVersion, Template):
            model.objects.all().delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:  # the trigger protects published specs
                cur.execute("ALTER TABLE nodes_nodespec DISABLE TRIGGER ALL")
                cur.execute("DELETE FROM nodes_nodespec")
                cur.execute("ALTER TABLE nodes_nodespec ENABLE TRIGGER ALL")
        else:
            NodeSpec.objects.all()._raw_delete(NodeSpec.objects.db)
        for model in (NodeType, StandardVersion, Standard, Board):
            model.objects.all().delete()


def naive_load(lib) -> None:
    """The same rows, saved one by one (what a straightforward loop would do)."""
    with transaction.atomic():
        boards = {}
        for d in lib.boards.doc:
            boards[d["code"]] = Board.objects.create(
                code=d["code"],
                name=d["name"],
                name_en=d.get("name_en", ""),
                order=d.get("order", 0),
            )
        specs = {}
        for sf in lib.standards:
            doc = canonical_standard(sf.doc)
            std = Standard.objects.create(code=doc["code"], board=boards[doc["board"]])
            sv = StandardVersion.objects.create(
                standard=std,
                version=doc["version"],
                status="published",
                number=doc["number"],
                title=doc["title"],
                scope=doc["scope"],
                errors=doc["errors"],
                content_hash="-",
                source="library",
            )
            for n in doc["nodes"]:
                NodeType.objects.create(code=n["code"], standard=std)
            for row in spec_rows(sv, doc, frozen=True):
                row.save()
                specs[row.code] = row
        fragments = {str(f.doc["code"]): f.doc for f in lib.fragments}
        for sf in lib.templates:
            g = expand_template(sf.doc, fragments)
            t = Template.objects.create(code=g["code"], procedure=g["procedure"])
            tv = TemplateVersion.objects.create(
                template=t, version=1, name=g["name"], procedure=g["procedure"], content_hash="-"
            )
            steps = {}
            for i, s in enumerate(g["steps"]):
                spec = specs[s["node"]]
                steps[s["id"]] = TemplateStep.objects.create(
                    version=tv,
                    step_id=s["id"],
                    node_spec=spec,
                    node_type_id=spec.node_type_id,
                    join=s["join"],
                    is_end=s["end"],
                    order=i,
                )
            for i, e in enumerate(g["edges"]):
                TemplateEdge.objects.create(
                    version=tv,
                    source=steps[e["from"]],
                    target=steps[e["to"]],
                    guard=e["when"],
                    rework=e["rework"],
                    order=i,
                )


def main() -> None:
    call_command("migrate", verbosity=0)
    wipe()
    # a snapshot, so that files edited while the bench runs do not change between the two loads
    root = Path(tempfile.mkdtemp()) / "library"
    shutil.copytree(LIBRARY_DIR, root)
    t0 = time.perf_counter()
    lib = read_library(root)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    problems = validate_library(lib, complete=False)
    t_validate = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = catalog_load(actor=SYSTEM, root=root, complete=False)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = catalog_load(actor=SYSTEM, root=root, complete=False)
    t_again = time.perf_counter() - t0
    counts = {
        "standards": StandardVersion.objects.count(),
        "node_specs": NodeSpec.objects.count(),
        "templates": TemplateVersion.objects.count(),
        "template_steps": TemplateStep.objects.count(),
        "template_edges": TemplateEdge.objects.count(),
    }
    wipe()
    t0 = time.perf_counter()
    naive_load(lib)
    t_naive = time.perf_counter() - t0
    wipe()
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": counts,
                "problems": len(problems),
                "read_yaml_s": round(t_read, 2),
                "validate_s": round(t_validate, 2),
                "catalog_load_s": round(t_load, 2),
                "catalog_load_again_s": round(t_again, 2),
                "second_load_changed": again.changed,
                "first_load_changed": report.changed,
                "naive_row_by_row_insert_s": round(t_naive, 2),
                "note": "catalog_load includes reading, validating, hashing and auditing; "
                "the naive figure is inserts only (files already parsed)",
            }
        )
    )


if __name__ == "__main__":
    main()
