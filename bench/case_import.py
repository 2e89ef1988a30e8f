"""Benchmark: import a 10,000-row case ledger (台账) and print the figures as JSON.

    .venv/bin/python bench/case_import.py [--rows 10000] [--keep]

Uses its own SQLite database under var/bench/ (or DATABASE_URL if set), creates the court
粤1971, writes a ledger with two parties per row through openpyxl and imports it with the same
code path as the page and `manage.py cases_import`: read → check every row → save all. Then
imports the same file again (nothing new may be created) and times that too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from courtops.core.actors import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    parser.add_argument(
        "--naive-rows",
        type=int,
        default=1000,
        help="rows registered one by one (the naive way), extrapolated to --rows",
    )
    args = parser.parse_args()

    db_file = None
    if not os.environ.get("DATABASE_URL"):
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db_file = bench_dir / "case_import.sqlite3"
        db_file.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtops.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from openpyxl import Workbook

    from courtops.core.cases.importer import COLUMNS, ledger_import, read_rows
    from courtops.core.cases.services import case_register
    from courtops.core.models import Case, Court, Party
    from courtops.core.services.people import court_create

    call_command("migrate", verbosity=0)
    court = Court.objects.filter(code="粤1971").first() or court_create(
        actor=SYSTEM, code="粤1971", name="东莞市第一人民法院", province="广东"
    )
    Case.objects.filter(court=court).delete()

    causes = [
        "民间借贷纠纷",
        "离婚纠纷",
        "机动车交通事故责任纠纷",
        "买卖合同纠纷",
        "金融借款合同纠纷",
        "信用卡纠纷",
        "物业服务合同纠纷",
    ]
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

    def id_number(i: int) -> str:
        body = f"441900{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        return (
            body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
        )

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append([h for h, _f, _r in COLUMNS])
    start = dt.date(2026, 1, 5)
    for i in range(1, args.rows + 1):
        ws.append(
            [
                f"（2026）粤1971民初{i}号",
                causes[i % len(causes)],
                "简易程序" if i % 3 else "普通程序",
                "",
                start + dt.timedelta(days=i % 300),
                f"原告{i}",
                id_number(i),
                f"138{i:08d}",
                f"广东省东莞市南城街道鸿福路{i % 300}号",
                f"被告{i}",
                id_number(i + 7),
                f"139{i:08d}",
                "广东省东莞市东城街道东纵大道1号",
            ]
        )
    path = Path(tempfile.gettempdir()) / f"case_ledger_{args.rows}.xlsx"
    t0 = time.perf_counter()
    wb.save(path)
    write_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    with path.open("rb") as fh:
        first = ledger_import(actor=SYSTEM, court=court, source=fh, label="bench")
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with path.open("rb") as fh:
        again = ledger_import(actor=SYSTEM, court=court, source=fh, label="bench again")
    reimport_s = time.perf_counter() - t0

    # The naive way, same run: every row registered on its own (own transaction, own checks,
    # own audit event), as a client calling the one-case API per row would.
    with path.open("rb") as fh:
        sample = read_rows(fh)[: args.naive_rows]
    Case.objects.filter(court=court).delete()
    t0 = time.perf_counter()
    for row in sample:
        case_register(
            actor=SYSTEM, court=court, data={k: v for k, v in row.items() if not k.startswith("_")}
        )
    naive_s = time.perf_counter() - t0
    naive_per_row = naive_s / max(1, len(sample))

    result = {
        "benchmark": "case_import",
        "rows": args.rows,
        "database": connection.vendor,
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "write_xlsx_s": round(write_s, 2),
        "import_s": round(import_s, 2),
        "rows_per_s": round(args.rows / import_s),
        "created": first["created"],
        "reimport_s": round(reimport_s, 2),
        "reimport_created": again["created"],
        "naive_one_by_one_rows": len(sample),
        "naive_one_by_one_s": round(naive_s, 2),
        "naive_extrapolated_s": round(naive_per_row * args.rows, 1),
        "cases_in_db_after_naive_sample": Case.objects.filter(court=court).count(),
        "parties_in_db": Party.objects.filter(court=court).count(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, ensure_ascii=False))
    path.unlink(missing_ok=True)
    if db_file and not args.keep:
        db_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
