"""The layer rule is checked: courtops.core ← nodes ← contracts ← acceptance ← courtops.dashboards.
The tree keeps it, and an upward import — even one inside a function — breaks the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).with_name("lint-imports"))
PACKAGES = ("courtops", "nodes", "contracts", "acceptance")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in PACKAGES:
        shutil.copytree(
            ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_project_keeps_the_layer_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_core_importing_an_app_above_it_breaks_the_build(tmp_path):
    tree = _copy(tmp_path)
    (tree / "courtops" / "core" / "upward.py").write_text(
        "def stats():\n    from nodes.selectors import library_stats\n\n    return library_stats()\n"
    )
    result = _lint(tree)
    assert result.returncode != 0
    assert "courtops.core is not allowed to import nodes" in result.stdout
    assert "courtops.core.upward -> nodes.selectors" in result.stdout


def test_nodes_importing_the_dashboards_breaks_the_build(tmp_path):
    tree = _copy(tmp_path)
    (tree / "nodes" / "upward.py").write_text("import courtops.dashboards  # noqa: F401\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "nodes is not allowed to import courtops.dashboards" in result.stdout
