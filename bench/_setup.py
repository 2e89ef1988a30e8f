"""Shared set-up for benchmarks: a scratch database (never the demo one), migrated once.

Embedded default: a fresh SQLite file in a temporary folder. Set BENCH_DATABASE_URL=postgres://…
to run against PostgreSQL (a scratch database of that name is dropped and recreated).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtops.settings")
    os.environ["COURTOPS_VAR_DIR"] = tempfile.mkdtemp(prefix="courtops-bench-")
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
        _recreate_postgres(url)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    return "postgresql" if settings.IS_POSTGRES else "sqlite"


def _recreate_postgres(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
