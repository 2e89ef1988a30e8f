"""How fast the civil ordinary workflow template page answers: the folded page and the fully
expanded page (every step), with the per-version layout cache emptied before the request and
served from it, in the same run, and the page's size. Prints JSON.

    .venv/bin/python bench/template_page.py            # a fresh SQLite file under /tmp
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courtops.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def measure(client: Client, url: str) -> dict:
    """Median of RUNS requests with the layout cache emptied before each (what every request
    cost before the cache, and what the first request after a restart costs now) and of RUNS
    requests served from the cache, interleaved so both see the same machine load."""
    from django.core.cache import cache

    uncached, cached, size = [], [], 0
    for _i in range(RUNS):
        cache.clear()
        for bucket in (uncached, cached):
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            bucket.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
    return {
        "uncached_median_ms": round(statistics.median(uncached), 1),
        "cached_median_ms": round(statistics.median(cached), 1),
        "kb": round(size / 1024, 1),
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    from courtops.core.demo.foundation import load_foundation
    from courtops.core.models import Person
    from nodes.demo import load as load_library

    court = load_foundation()
    load_library(court=court, stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client()
    client.force_login(Person.objects.get(username="office"))
    session = client.session
    session["otp_verified"] = True
    session.save()
    url = "/nodes/templates/civil_ordinary/"
    print(
        json.dumps(
            {
                "folded": measure(client, url),
                "expanded": measure(client, url + "?expand=all"),
                "runs": RUNS,
                "load_average": round(os.getloadavg()[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
