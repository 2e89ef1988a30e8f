"""Excel in and out, safely: every exported cell that a spreadsheet would run as a formula is
neutralised, and every workbook is streamed as a download with a Chinese file name."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from courtops.core.exceptions import ValidationFailed

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_MAX = 32_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """A value for an exported cell: text that starts like a formula gets a leading apostrophe
    (CSV/formula injection, OWASP); control characters are dropped; dates lose their time zone (Excel has none)."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str):
        # Control characters make openpyxl refuse the whole workbook; Excel caps a cell's text.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_MAX]
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """Build an .xlsx of ``(title, headers, rows)`` sheets with a bold, frozen header row."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="EEF2F6")
        ws.freeze_panes = "A2"
        widths = [len(str(h)) * 2 + 2 for h in headers]
        for row in rows:
            values = [safe_cell(v) for v in row]
            ws.append(values)
            for i, v in enumerate(values[: len(widths)]):
                widths[i] = min(60, max(widths[i], len(str(v or "")) + 2))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download; Django encodes a Chinese file name per RFC 5987."""
    response = HttpResponse(content, content_type=XLSX)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- reading uploaded workbooks safely ----------------------------------------------------
# An .xlsx is a zip of XML parts. A few hundred KB can expand to hundreds of MB (a "zip bomb"),
# and openpyxl builds every cell it parses, so the upload caps on the compressed size alone do
# not bound memory or time. ``open_workbook`` checks the archive's declared sizes, its
# compression ratio and each sheet's declared dimension BEFORE openpyxl parses anything;
# zipfile refuses to inflate an entry past its declared size, so a lying directory cannot get
# round the check. ``RowLimit`` is the backstop for sheets that declare no dimension.

_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")


class WorkbookTooLarge(ValidationFailed):
    """The upload would expand beyond what the installation allows (settings COURTOPS_XLSX_*)."""


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _read_source(source: Any) -> bytes:
    """The bytes of ``source`` (bytes, a path or a binary file), refusing a file beyond the
    upload cap before it is read whole."""
    limit = settings.COURTOPS_MAX_UPLOAD_BYTES
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        if isinstance(source, str | Path):
            size = Path(source).stat().st_size
            if size > limit:
                raise _too_large_file(size)
            return Path(source).read_bytes()
        try:
            here = source.tell()
            source.seek(0, io.SEEK_END)
            size = source.tell() - here
            source.seek(here)
        except (AttributeError, OSError):
            size = 0
        if size > limit:
            raise _too_large_file(size)
        data = source.read(limit + 1)
    if len(data) > limit:
        raise _too_large_file(len(data))
    return data


def _too_large_file(size: int) -> WorkbookTooLarge:
    return WorkbookTooLarge(
        _("The file is %(size)s MB; the limit is %(mb)s MB.")
        % {"size": round(size / 2**20, 1), "mb": settings.COURTOPS_MAX_UPLOAD_BYTES // 2**20},
        field="file",
    )


def check_workbook_archive(data: bytes) -> dict[str, tuple[int, int]]:
    """Refuse a workbook whose archive would expand too far; returns each sheet part's declared
    (rows, columns) where the sheet states its dimension."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValidationFailed(
            _("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from exc
    with archive:
        entries = archive.infolist()
        max_total = settings.COURTOPS_XLSX_MAX_UNCOMPRESSED_BYTES
        total = sum(e.file_size for e in entries)
        if len(entries) > 10_000 or total > max_total:
            raise WorkbookTooLarge(
                _(
                    "The workbook expands to %(size)s MB when opened; the limit is %(mb)s MB. "
                    "Split it into smaller files."
                )
                % {"size": round(total / 2**20, 1), "mb": max_total // 2**20},
                field="file",
            )
        ratio_limit = settings.COURTOPS_XLSX_MAX_RATIO
        for e in entries:
            # small parts compress well and harmlessly; only big, suspiciously dense ones count
            if e.file_size > 2**20 and e.file_size > ratio_limit * max(e.compress_size, 1):
                raise WorkbookTooLarge(
                    _(
                        "Part %(part)s of the workbook is compressed %(ratio)s times; more than "
                        "%(limit)s times is refused as a possible zip bomb."
                    )
                    % {
                        "part": e.filename,
                        "ratio": e.file_size // max(e.compress_size, 1),
                        "limit": ratio_limit,
                    },
                    field="file",
                )
        dimensions: dict[str, tuple[int, int]] = {}
        for e in entries:
            if not _SHEET_PART.match(e.filename):
                continue
            with archive.open(e) as fh:
                head = fh.read(4096)
            m = _DIMENSION.search(head)
            if not m:
                continue
            last_col, last_row = m.group(3) or m.group(1), m.group(4) or m.group(2)
            rows = int(last_row) if last_row else 0
            cols = _column_number(last_col.decode()) if last_col else 0
            dimensions[e.filename] = (rows, cols)
            _check_counts(rows, cols)
    return dimensions


def _check_counts(rows: int, cols: int) -> None:
    max_rows, max_cells = settings.COURTOPS_XLSX_MAX_ROWS, settings.COURTOPS_XLSX_MAX_CELLS
    if rows > max_rows or rows * cols > max_cells:
        raise WorkbookTooLarge(
            _(
                "A sheet of the workbook has %(rows)s rows and %(cells)s cells; the limits are "
                "%(max_rows)s rows and %(max_cells)s cells. Split it into smaller files."
            )
            % {
                "rows": rows,
                "cells": rows * cols,
                "max_rows": max_rows,
                "max_cells": max_cells,
            },
            field="file",
        )


class RowLimit:
    """Counts rows while a sheet is read and stops at the installation's limit (for sheets
    whose dimension is missing or wrong)."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0

    def count(self, values: Sequence[Any]) -> None:
        self.rows += 1
        self.cells += len(values)
        if (
            self.rows > settings.COURTOPS_XLSX_MAX_ROWS
            or self.cells > settings.COURTOPS_XLSX_MAX_CELLS
        ):
            _check_counts(self.rows, max(1, self.cells // self.rows) + 1)


def open_workbook(source: Any):
    """An openpyxl read-only workbook (cached values, not formulas) of an uploaded file, after
    the size checks above; ValidationFailed(field="file") for anything that is not one."""
    data = _read_source(source)
    check_workbook_archive(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True), data
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationFailed(
            _("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from exc


def formulas_without_value(data: bytes, sheet_title: str) -> set[str]:
    """Cells (like "B5") of the named sheet that hold a formula with no saved result: openpyxl
    reads them as empty, which would be reported as "empty" — they need their own message.
    A workbook written by a program (not Excel) often has no saved results."""
    if not _has_formulas(data):
        return set()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — the caller already opened it once
        return set()
    try:
        if sheet_title not in wb.sheetnames:
            return set()
        formulas = set()
        for row in wb[sheet_title].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    formulas.add(cell.coordinate)
    finally:
        wb.close()
    if not formulas:
        return set()
    cached = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        out = set()
        for row in cached[sheet_title].iter_rows():
            for cell in row:
                if getattr(cell, "coordinate", None) in formulas and cell.value is None:
                    out.add(cell.coordinate)
    finally:
        cached.close()
    return out


def _has_formulas(data: bytes) -> bool:
    """Whether any sheet part holds a formula element (one streaming pass, no XML parsing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for e in archive.infolist():
            if not _SHEET_PART.match(e.filename):
                continue
            with archive.open(e) as fh:
                tail = b""
                while chunk := fh.read(2**20):
                    if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                        return True
                    tail = chunk[-3:]
    return False
