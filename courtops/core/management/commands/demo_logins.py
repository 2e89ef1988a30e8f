"""python manage.py demo_logins — the demo URL and one login per role, as an aligned table."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand
from django.utils import translation

from courtops.core.demo.foundation import DEMO_PASSWORD, demo_logins


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: wide and full-width characters (汉字) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def login_table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows padded to the widest cell of each column, by display width."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


class Command(BaseCommand):
    help = "Print the demo URL and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        translation.activate("zh-hans")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"CourtOps is running at {url}"))
        self.stdout.write(f"Demo password for every login: {DEMO_PASSWORD}")
        rows = [("用户名", "姓名", "角色", "所属")] + [
            (login.username, login.full_name, login.role, login.org) for login in demo_logins()
        ]
        for line in login_table(rows):
            self.stdout.write(line)
        self.stdout.write("")
