"""Office staff author standards in Excel. ``standard_export_excel`` writes one version to a
workbook with Chinese sheet and column names; ``standard_import_excel`` reads one back into a
draft, reporting every error by sheet, row and column, and writes nothing when any row fails.
An export imported again reproduces the same content hash."""

from __future__ import annotations

import io
import json

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from courtops.core.actors import Actor
from courtops.core.choices import AuditAction
from courtops.core.exceptions import ValidationFailed
from courtops.core.permissions import require_library_writer
from courtops.core.services.audit import audit_record
from nodes.catalog import canonical_standard
from nodes.choices import VersionSource, VersionStatus
from nodes.models import Board, Standard, StandardVersion
from nodes.selectors import version_to_doc
from nodes.services.common import require_standard_change, version_create
from nodes.services.excel_workbook import (
    CHECK_COLS,
    ERROR_COLS,
    NO,
    NODE_COLS,
    NODE_OPTIONAL_COLS,
    OUTPUT_COLS,
    SHEET_CHECKLIST,
    SHEET_ERRORS,
    SHEET_NODES,
    SHEET_OUTPUTS,
    SHEET_STANDARD,
    STANDARD_ROWS,
    YES,
    _starts_cell,
    parse_workbook,
)


def _list(values: list[str]) -> str:
    return ", ".join(values)


def _choices(choices: list[dict]) -> str:
    # one choice per line: value=label  (or value=label|label_en)
    return "\n".join(
        f"{c['value']}={c['label']}" + (f"|{c['label_en']}" if c.get("label_en") else "")
        for c in choices
    )


def standard_export_excel(*, version: StandardVersion, actor: Actor) -> bytes:
    """The workbook of one standard version (any status); the export is audited."""
    doc = version_to_doc(version)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_STANDARD
    ws.append(["项目", "内容"])
    for key, header in STANDARD_ROWS:
        ws.append([header, doc[key]])
    nodes = wb.create_sheet(SHEET_NODES)
    outputs = wb.create_sheet(SHEET_OUTPUTS)
    checks = wb.create_sheet(SHEET_CHECKLIST)
    errors = wb.create_sheet(SHEET_ERRORS)
    nodes.append([h for _k, h in NODE_COLS + NODE_OPTIONAL_COLS])
    outputs.append([h for _k, h in OUTPUT_COLS])
    checks.append([h for _k, h in CHECK_COLS])
    errors.append([h for _k, h in ERROR_COLS])
    for e in doc["errors"]:
        errors.append([e["code"], e["text"], e["text_en"], e["severity"]])
    for n in doc["nodes"]:
        wait = n.get("kind") == "wait"
        tl = (n.get("period") if wait else n["time_limit"]) or {}
        nodes.append(
            [
                n["code"],
                n["name"],
                n["name_en"],
                n["performer"],
                n["instruction"],
                _list(n["inputs"]),
                tl.get("amount"),
                tl.get("unit"),
                _starts_cell(tl.get("starts")),
                tl.get("basis"),
                _list(n["errors"]),
                n["review"],
                n["sample_rate"],
                _list(n["visibility"]),
                n["pay_unit"],
                YES if n["non_case"] else NO,
                "wait" if wait else "task",
                json.dumps(tl["foreign"], ensure_ascii=False) if tl.get("foreign") else None,
            ]
        )
        for o in n["outputs"]:
            outputs.append(
                [
                    n["code"],
                    o["name"],
                    o["label"],
                    o.get("label_en"),
                    o["type"],
                    YES if o["required"] else NO,
                    o.get("min"),
                    o.get("max"),
                    o.get("max_length"),
                    _choices(o.get("choices") or []),
                    o.get("help"),
                ]
            )
        for c in n["checklist"]:
            checks.append(
                [
                    n["code"],
                    c["code"],
                    c["text"],
                    c.get("text_en"),
                    c["kind"],
                    c.get("op"),
                    c.get("threshold"),
                    c.get("unit"),
                ]
            )
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                # openpyxl stores text that starts with "=" as a formula; keep it a plain string
                # (no formula runs on open, and the threshold op "=" survives the round trip)
                if cell.data_type == "f":
                    cell.data_type = "s"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for col in sheet.columns:
            width = min(60, max(len(str(c.value or "")) for c in col) + 4)
            sheet.column_dimensions[col[0].column_letter].width = width
            for c in col[1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    audit_record(actor=actor, action=AuditAction.EXPORT, obj=version)
    return buf.getvalue()


def standard_import_excel(*, actor: Actor, data: bytes, filename: str = "") -> StandardVersion:
    """Import a workbook as the draft of its standard (replacing an open draft). Nothing is
    written when any row fails: ValidationFailed lists every error."""
    require_library_writer(actor)
    doc, errors = parse_workbook(data)
    if errors:
        raise ValidationFailed(
            _("The workbook has %(n)d error(s); nothing was imported.") % {"n": len(errors)},
            errors=errors,
        )
    doc = canonical_standard(doc)  # type: ignore[arg-type]  # no errors: the document is there
    with transaction.atomic():
        standard = Standard.objects.select_for_update().filter(code=doc["code"]).first()
        board = Board.objects.get(code=doc["board"])
        if standard is None:
            # a standard new to the installation is the court's own, unless the platform
            # administrator (or the system) brings it in for everyone
            court_id = getattr(actor, "court_id", None) if actor is not None else None
            standard = Standard.objects.create(code=doc["code"], board=board, court_id=court_id)
        require_standard_change(actor, standard)
        old = standard.versions.filter(status=VersionStatus.DRAFT).first()
        if old is not None:
            number = old.version
            old.specs.all().delete()
            old.delete()
        else:
            number = max((v.version for v in standard.versions.all()), default=0) + 1
        draft = version_create(
            standard=standard,
            doc=doc,
            version=number,
            status=VersionStatus.DRAFT,
            source=VersionSource.EXCEL,
            actor=actor,
            note=filename[:300],
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=draft,
            changes={
                "file": filename,
                "nodes": len(doc["nodes"]),
                "content_hash": draft.content_hash,
            },
            reason=json.dumps({"replaced_draft": old is not None}),
        )
        return draft


# --- in the background: the same import-job mechanism as the case ledger -----------------------
def _standard_import_authorise(actor, court) -> None:
    require_library_writer(actor)


def _standard_import_run(job, say) -> dict:
    say(_("reading the workbook"))
    draft = standard_import_excel(
        actor=job.created_by, data=bytes(job.content), filename=job.filename
    )
    return {"standard": draft.standard.code, "version": draft.version}


def register_standard_imports() -> None:
    """Standards workbooks run as import jobs (Celery, claimed by compare-and-set, progress on
    the job page) instead of inside the web request."""
    from courtops.core.cases.import_jobs import ImportKindSpec, register_import_kind
    from courtops.core.models import ImportKind

    register_import_kind(
        ImportKind.STANDARD,
        ImportKindSpec(authorise=_standard_import_authorise, run=_standard_import_run),
    )


def standard_import_start(*, actor, data: bytes, filename: str = ""):
    """Queue a standards workbook for import (checked for size first); returns the job."""
    from courtops.core.cases.import_jobs import import_job_create
    from courtops.core.models import ImportKind

    return import_job_create(
        actor=actor,
        court=getattr(actor, "court", None),
        filename=filename,
        content=data,
        kind=ImportKind.STANDARD,
    )
