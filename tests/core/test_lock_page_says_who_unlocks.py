"""Issue 9.4: the lock page says who can unlock each kind of account, how long the lock lasts,
and leads back to the login page; the lock comes after the number of failures the README
states."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings as django_settings
from django.test import Client

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
README = Path(django_settings.BASE_DIR) / "README.md"


def _post(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


def test_the_lock_page_names_who_unlocks_and_for_how_long(staff_x, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "staff_x", "wrong")
    response = _post(client, "staff_x", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "审管办" in body and "主管" in body
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"{minutes} 分钟" in body
    assert f'href="{LOGIN}"' in body


def test_the_readme_states_the_failure_limit_the_lockout_applies(office_a, settings):
    stated = re.search(r"lock(?:ed|s)? after (\d+) failed logins", README.read_text())
    assert stated, "README must say after how many failed logins the lock comes"
    limit = int(stated.group(1))
    assert limit == settings.AXES_FAILURE_LIMIT
    client = Client()
    for _ in range(limit - 1):
        _post(client, "office_a", "wrong")
    assert _post(Client(), "office_a", PASSWORD).status_code == 302  # not yet locked
    # (that success cleared the count)
    for _ in range(limit):
        _post(client, "office_a", "wrong")
    assert _post(client, "office_a", PASSWORD).status_code == 429  # the limit-th failure locks
