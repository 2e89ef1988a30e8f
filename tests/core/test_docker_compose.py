"""docker-compose.yml describes web, worker, beat, PostgreSQL and Redis, with health checks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_every_service_is_there_with_a_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("web", "worker", "beat", "db", "redis"):
        assert name in services, name
        assert "healthcheck" in services[name], name
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"] and "beat" in services["beat"]["command"]


def test_docker_compose_accepts_the_file():
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        cmd = ["docker", "compose", "config", "-q"]
    elif shutil.which("docker-compose"):
        cmd = ["docker-compose", "config", "-q"]
    else:
        pytest.skip("neither 'docker compose' nor 'docker-compose' is installed")
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only"}
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_application_runs_as_the_restricted_role_and_migrations_as_the_owner():
    """Issue 10.1: web, worker and beat cannot disable the audit triggers or truncate."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://courtops_app:")
        assert services[name]["environment"]["COURTOPS_AUDIT_ANCHOR_FILE"]
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    migrate = services["migrate"]
    assert migrate["environment"]["DATABASE_URL"].startswith("postgres://courtops_owner:")
    assert "audit_db_role --role courtops_app" in migrate["command"]
    assert services["db"]["environment"]["POSTGRES_USER"] == "courtops_owner"
