"""Zip-bomb refusal: how long the archive check takes to refuse a workbook that expands far
beyond its size, against the naive way (hand it to openpyxl and count rows afterwards).

Prints JSON. ``ROWS`` sets the bomb's size (default 250,000 rows ≈ 12 MB of sheet XML that
compresses to a few KB); memory is measured with tracemalloc.

    .venv/bin/python bench/zip_bomb.py
"""

from __future__ import annotations

import io
import json
import os
import time
import tracemalloc
import zipfile

from _setup import setup_django


def _bomb(rows: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["案号", "案由"])
    base = io.BytesIO()
    wb.save(base)
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * rows
        + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _measure(fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    outcome = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": round(seconds, 4), "peak_mb": round(peak / 2**20, 1), "outcome": outcome}


def main() -> None:
    setup_django()
    import openpyxl

    from courtops.core.excel import WorkbookTooLarge, check_workbook_archive

    rows = int(os.environ.get("ROWS", "250000"))
    data = _bomb(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        expanded = sum(i.file_size for i in z.infolist())

    def ours():
        try:
            check_workbook_archive(data)
        except WorkbookTooLarge:
            return "refused before parsing"
        return "accepted"

    def naive():
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        count = sum(1 for _ in wb.worksheets[0].iter_rows())
        return f"parsed {count} rows"

    print(
        json.dumps(
            {
                "bench": "zip_bomb",
                "file_kb": round(len(data) / 1024, 1),
                "expanded_mb": round(expanded / 2**20, 1),
                "ours_archive_check": _measure(ours),
                "naive_openpyxl_parse": _measure(naive),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
