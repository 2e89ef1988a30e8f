"""Core names no app above it: the menu, the home panels, the demo steps and the API index are
registries that each app fills in its AppConfig.ready()."""

from __future__ import annotations

import ast
from pathlib import Path

from courtops.core.registries import api_sections, demo_loaders, nav_items

CORE = Path(__file__).resolve().parents[2] / "courtops" / "core"
UPPER_APPS = ("nodes", "contracts", "acceptance", "courtops.dashboards")


def test_the_library_registers_its_own_menu_entries_panel_loader_and_api():
    names = [item.url_name for item in nav_items()]
    assert names.index("cases:rules") < names.index("nodes:library") < names.index("core:calendar")
    assert api_sections()["nodes"] == "/api/nodes/"
    paths = [loader.path for loader in demo_loaders()]
    # The demo cases use the library's templates: the library loads first.
    assert paths.index("nodes.demo:load") < paths.index("courtops.core.demo.cases:load")


def test_a_staff_member_sees_the_library_in_the_menu_and_the_api_index(
    office_a, staff_x, client_for
):
    page = client_for(staff_x).get("/").content.decode()
    assert "/nodes/" in page
    index = client_for(office_a).get("/api/", HTTP_ACCEPT="application/json").json()
    assert set(index) >= {"docs", "schema", "core", "cases", "nodes"}


def test_no_core_module_names_an_upper_app_in_a_string():
    """Import-linter sees imports; this sees dotted strings ("nodes.demo:load", "nodes:library")
    that would let core depend on an app above it without importing it."""
    offenders = []
    for path in CORE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                for app in UPPER_APPS:
                    if text.startswith((f"{app}.", f"{app}:")) and " " not in text:
                        offenders.append(f"{path.relative_to(CORE)}: {text!r}")
    assert offenders == []
