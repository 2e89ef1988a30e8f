"""Translation catalogues: where they are, how they are extracted and compiled.

There is one catalogue for the project (``locale/``: the ``courtops`` package and the top-level
``templates/``) and one per app that owns a ``locale/`` folder (``nodes/locale/`` …), so that
work on different apps never edits the same file. Compiling needs no GNU gettext (polib).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import polib
from django.conf import settings

LANGUAGES_TO_TRANSLATE = ["zh_Hans"]
IGNORE = [".venv/*", "var/*", "tests/*", "bench/*", "build/*", "*/migrations/*", "docs/*"]


def app_dirs() -> list[str]:
    """Installed apps at the top of the project that own a ``locale/`` folder (``nodes`` …),
    read from INSTALLED_APPS so that core names none of them."""
    from django.apps import apps

    base = Path(settings.BASE_DIR)
    return [
        Path(config.path).name
        for config in apps.get_app_configs()
        if Path(config.path).parent == base and (Path(config.path) / "locale").is_dir()
    ]


def catalogue_roots() -> list[Path]:
    base = Path(settings.BASE_DIR)
    roots = [base]
    roots += [base / app for app in app_dirs()]
    return roots


def po_files() -> list[Path]:
    out = []
    for root in catalogue_roots():
        for lang in LANGUAGES_TO_TRANSLATE:
            po = root / "locale" / lang / "LC_MESSAGES" / "django.po"
            if po.exists():
                out.append(po)
    return out


@contextmanager
def chdir(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def extract() -> None:
    """Run makemessages for every catalogue (keeps existing translations; needs xgettext)."""
    from django.core.management import call_command

    base = Path(settings.BASE_DIR)
    for root in catalogue_roots():
        ignore = list(IGNORE)
        if root == base:
            ignore += [f"{app}/*" for app in app_dirs()]
        with chdir(root):
            call_command(
                "makemessages",
                locale=LANGUAGES_TO_TRANSLATE,
                ignore_patterns=ignore,
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )


def untranslated() -> dict[str, list[str]]:
    """msgids without a usable translation (empty or fuzzy), per catalogue."""
    problems: dict[str, list[str]] = {}
    for po_path in po_files():
        po = polib.pofile(str(po_path))
        bad = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        if bad:
            problems[str(po_path.relative_to(settings.BASE_DIR))] = bad
    return problems


def compile_all() -> list[Path]:
    written = []
    for po_path in po_files():
        po = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        po.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
