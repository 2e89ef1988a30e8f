"""Quick check of the library files: python nodes/library/lint.py [--partial]

A thin call of the one validator (nodes/validation.py), the same as
``python manage.py catalog validate``. ``--partial`` skips the completeness checks (a template for
every procedure type, every case node used by a template) while the library is being written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtops.settings")
    try:
        import django
    except ImportError:  # run with a Python outside the venv: re-run with the project's
        venv = ROOT / ".venv" / "bin" / "python"
        os.execv(str(venv), [str(venv), __file__, *sys.argv[1:]])  # noqa: S606 - fixed path

    django.setup()
    from nodes.catalog import read_library
    from nodes.validation import validate_library

    lib = read_library(Path(__file__).resolve().parent)
    problems = validate_library(lib, complete="--partial" not in sys.argv)
    for p in problems:
        print(p)
    nodes = sum(len(s.doc.get("nodes") or []) for s in lib.standards if isinstance(s.doc, dict))
    print(
        f"{len(lib.standards)} standards, {nodes} nodes, {len(lib.fragments)} fragments, "
        f"{len(lib.templates)} templates, {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
