"""The demo hook: ``demo_load`` calls ``load`` to bring the standards library in (idempotent)."""

from __future__ import annotations

from nodes.services import catalog_load


def load(*, court, stdout) -> None:
    """Load the shipped library. A second run changes nothing. While the library is still being
    written the completeness checks are relaxed, but every other problem stops the load."""
    stdout.write("standards library:")
    report = catalog_load(actor=None, complete=False, log=lambda m: stdout.write(f"  {m}"))
    for line in report.lines():
        stdout.write(f"  {line}")
    if not report.changed:
        stdout.write("  library already loaded: nothing changed")
