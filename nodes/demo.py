"""The demo hook: ``demo_load`` calls ``load`` to bring the standards library in (idempotent)."""

from __future__ import annotations

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import DomainError
from nodes.services import catalog_load


def load(*, court, stdout) -> None:
    """Load the shipped library. A second run changes nothing. While the library is still being
    written the completeness checks are relaxed, but every other problem stops the load: the
    problems are printed and the rest of the demo goes on without a library update."""
    stdout.write("standards library:")
    try:
        report = catalog_load(actor=SYSTEM, complete=False, log=lambda m: stdout.write(f"  {m}"))
    except DomainError as exc:
        stdout.write(f"  NOT LOADED: {exc.message}")
        for line in exc.errors[:50]:
            stdout.write(f"    {line}")
        stdout.write(
            "  fix the files (a changed standard needs a higher `version`), or start from an "
            "empty demo database (make clean), then run: python manage.py catalog load"
        )
        return
    for line in report.lines():
        stdout.write(f"  {line}")
    if not report.changed:
        stdout.write("  library already loaded: nothing changed")
