"""Every response carries a strict Content-Security-Policy and a Permissions-Policy, in
production settings too; gunicorn does not name itself in the Server header; no template has
inline script or style."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/", "/cases/", "/api/core/me/", "/no-such-page/"]
)
def test_every_response_has_a_strict_csp_and_a_permissions_policy(client_for, office_a, url):
    response = client_for(office_a).get(url)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert not any("unsafe" in v for values in csp.values() for v in values)
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_production_settings_send_the_same_policy(tmp_path):
    env = {
        **os.environ,
        "COURTOPS_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "x" * 60,
        "COURTOPS_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "courtops.settings",
    }
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup();"
        "from django.conf import settings as s;"
        "assert 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE;"
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "assert d['script-src'] == [\"'self'\"], d;"
        "assert 'courtops.core.middleware.PermissionsPolicyMiddleware' in s.MIDDLEWARE"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = []
    pattern = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=\"|\son[a-z]+=\"|hx-on")
    for folder in ("templates", "nodes/templates"):
        for path in (ROOT / folder).rglob("*.html"):
            text = path.read_text()
            text = re.sub(r"{% comment %}.*?{% endcomment %}|{#.*?#}", "", text, flags=re.S)
            offenders += [f"{path.relative_to(ROOT)}: {m}" for m in pattern.findall(text)]
    assert offenders == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_does_not_disclose_itself(tmp_path):
    port = _free_port()
    env = {**os.environ, "COURTOPS_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "courtops.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as r:
                    headers = r.headers
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "gunicorn" not in (headers.get("Server") or "").lower()
    assert "Content-Security-Policy" in headers
