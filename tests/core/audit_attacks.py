"""What an attacker holding the database's superuser account can do to the audit tables:
on PostgreSQL triggers do not fire while session_replication_role is 'replica' (a superuser-only
setting); SQLite has no triggers, and a queryset update or delete skips the model's guard."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def as_database_superuser():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = DEFAULT")
