"""python manage.py catalog validate | load | stats --json | export-excel | import-excel."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nodes.models import StandardVersion
from tests.nodes.conftest import FIXTURE_LIBRARY


def _run(*args) -> str:
    out = StringIO()
    call_command("catalog", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_validate_lists_every_problem_and_fails(tmp_path):
    root = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    path = root / "templates" / "civil_test.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("S02-003", "S99-001"), encoding="utf-8"
    )
    out = StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("catalog", "validate", "--partial", "--path", str(root), stdout=out)
    assert "templates/civil_test.yaml: step close: node S99-001 does not exist" in out.getvalue()


def test_validate_passes_a_sound_library():
    assert "0 problem(s)" in _run("validate", "--partial", "--path", str(FIXTURE_LIBRARY))


@pytest.mark.django_db
def test_load_then_stats_as_one_json_object():
    _run("load", "--partial", "--path", str(FIXTURE_LIBRARY))
    assert "nothing changed" in _run("load", "--partial", "--path", str(FIXTURE_LIBRARY))
    stats = json.loads(_run("stats", "--json"))
    assert (stats["boards"], stats["standards"], stats["node_types"], stats["templates"]) == (
        5,
        2,
        8,
        1,
    )
    assert stats["per_board"]["service"]["node_types"] == 5


@pytest.mark.django_db
def test_excel_export_and_import_from_the_command_line(tmp_path):
    _run("load", "--partial", "--path", str(FIXTURE_LIBRARY))
    out = tmp_path / "S01.xlsx"
    _run("export-excel", "S01", "--out", str(out))
    assert "draft S01 v2" in _run("import-excel", str(out))
    assert StandardVersion.objects.get(standard__code="S01", status="draft").version == 2
