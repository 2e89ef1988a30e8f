"""Settings come from environment variables; a bad value stops start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(env_overrides: dict[str, str], code: str = "import django; django.setup()"):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update({"DJANGO_SETTINGS_MODULE": "courtops.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DATABASE_URL", "not a url"),
        ("CELERY_BROKER_URL", "kafka://localhost"),
        ("DJANGO_DEBUG", "maybe"),
        ("COURTOPS_SESSION_IDLE_MINUTES", "ten"),
        ("COURTOPS_LOGIN_FAILURE_LIMIT", "0"),
    ],
)
def test_a_bad_value_stops_start_up_with_the_variable_named(variable, value, tmp_path):
    result = _start({variable: value, "COURTOPS_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_without_variables_the_embedded_defaults_are_sqlite_in_wal_mode_and_a_file_broker(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "print(settings.DATABASES['default']['ENGINE']); print(settings.CELERY_BROKER_URL)"
    )
    result = _start({"COURTOPS_VAR_DIR": str(tmp_path)}, code)
    assert result.returncode == 0, result.stderr
    journal, engine, broker = result.stdout.split()
    assert journal == "wal"
    assert engine == "django.db.backends.sqlite3"
    assert broker == "filesystem://"
    assert (tmp_path / "courtops.sqlite3").exists()


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = _start({"COURTOPS_PRODUCTION": "1", "COURTOPS_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = {
        "COURTOPS_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "x7#k2!pQ9vL0s$Zr4mN8bT1wE6yU3iO5aD-gH_jK+cV=fR*eW@qS&",
        "DJANGO_ALLOWED_HOSTS": "courtops.court.local",
        "COURTOPS_VAR_DIR": str(tmp_path),
    }
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests only; a deployment never has it.
    dropped = ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update({"DJANGO_SETTINGS_MODULE": "courtops.settings", **env})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
