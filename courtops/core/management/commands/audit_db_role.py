"""python manage.py audit_db_role --role courtops_app [--password-env VAR] [--print]

Creates (or brings back into line) the PostgreSQL role the application runs as. Run it as the
role that owns the tables (the one ``migrate`` runs as), after every ``migrate``:

* the role owns nothing, so it cannot ``ALTER TABLE … DISABLE TRIGGER`` or drop a trigger;
* it is no superuser, so it cannot ``SET session_replication_role = replica`` (which skips
  triggers) and cannot create roles or databases;
* it gets SELECT/INSERT/UPDATE/DELETE on the tables, never TRUNCATE; on the audit tables only
  SELECT and INSERT (and UPDATE of the chain heads, which a trigger lets move only forward).
"""

from __future__ import annotations

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

APPEND_ONLY_TABLES = ("core_auditevent", "core_auditseal", "core_auditcheckpoint")
HEAD_TABLE = "core_auditchainhead"


def role_sql(role: str, database: str, password: str | None) -> list[str]:
    """The statements that create the restricted role and grant it what the app needs."""
    q = connection.ops.quote_name
    r = q(role)
    attrs = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
    statements = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f"THEN CREATE ROLE {r} {attrs}; END IF; END $$",
        f"ALTER ROLE {r} {attrs}",
        f"GRANT CONNECT ON DATABASE {q(database)} TO {r}",
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"REVOKE CREATE ON SCHEMA public FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {r}",
        f"REVOKE UPDATE, DELETE ON {', '.join(APPEND_ONLY_TABLES)} FROM {r}",
        f"REVOKE DELETE ON {HEAD_TABLE} FROM {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}",
        # Tables later migrations create (as this owner) are granted the same way.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE "
        f"ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]
    if password:
        statements.insert(2, f"ALTER ROLE {r} PASSWORD {_literal(password)}")
    return statements


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class Command(BaseCommand):
    help = "Create the restricted PostgreSQL role the application runs as, and grant it."

    def add_arguments(self, parser):
        parser.add_argument("--role", default="courtops_app")
        parser.add_argument(
            "--password-env",
            default="COURTOPS_APP_DB_PASSWORD",
            help="environment variable holding the role's password (unset: keep the password)",
        )
        parser.add_argument(
            "--print", action="store_true", help="print the SQL instead of running it"
        )

    def handle(self, *args, role, password_env, print=False, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The restricted role exists on PostgreSQL only.")
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
            raise CommandError("--role: use lower-case letters, digits and _ only.")
        password = os.environ.get(password_env) or None
        statements = role_sql(role, connection.settings_dict["NAME"], password)
        if print:
            for sql in statements:
                self.stdout.write(sql + ";")
            return
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(
            f"role {role} is ready: no TRUNCATE, no trigger changes, audit append-only"
        )
