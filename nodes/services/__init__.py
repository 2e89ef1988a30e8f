"""Every write to the standards library. Office staff only (or the system actor, ``SYSTEM``, for
the loader run from the command line); every write is audited in its own transaction."""

from __future__ import annotations

from nodes.services.catalog import LoadReport, catalog_load, templates_rebind
from nodes.services.excel import (
    standard_export_excel,
    standard_import_excel,
    standard_import_start,
)
from nodes.services.versions import (
    node_spec_update,
    standard_draft_create,
    standard_draft_discard,
    standard_version_publish,
)

__all__ = [
    "LoadReport",
    "catalog_load",
    "node_spec_update",
    "standard_draft_create",
    "standard_draft_discard",
    "standard_export_excel",
    "standard_import_excel",
    "standard_import_start",
    "standard_version_publish",
    "templates_rebind",
]
