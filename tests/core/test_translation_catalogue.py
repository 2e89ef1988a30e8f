"""zh-hans is the default language and its catalogue is complete."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from courtops.core import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_every_catalogue_entry_is_translated():
    assert i18n.po_files(), "no zh_Hans catalogue found"
    assert i18n.untranslated() == {}


def test_every_marked_string_in_the_code_is_in_a_catalogue(tmp_path):
    """Extract afresh from a copy of the tree: a string marked for translation but missing
    from the catalogue (or left untranslated) shows up as a gap."""
    if shutil.which("xgettext") is None:
        if os.environ.get("COURTOPS_REQUIRE_SERVICES") == "1":
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogue")
        pytest.skip("needs GNU gettext's xgettext (apt-get install gettext)")
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            "var",
            ".git",
            "test-artifacts",
            "__pycache__",
            "*.mo",
            "node_modules",
            ".hypothesis",
        ),
    )
    env = {**os.environ, "COURTOPS_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "i18n_extract"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stdout, result.stdout[:3000]


def test_the_default_language_is_simplified_chinese(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
