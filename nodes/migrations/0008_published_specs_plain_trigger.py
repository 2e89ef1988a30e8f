"""Published node specs guarded by a plain PostgreSQL trigger instead of pgtrigger's.

pgtrigger's trigger functions skip themselves when the session sets ``pgtrigger.ignore``, which
any database role may do, so the guard on published specs could be switched off by the
application's own role. The plain trigger below has no such switch (same approach as the audit
trail, courtops/core migration 0006_audit_guarded). Like before, it refuses UPDATE and DELETE
of a row whose OLD.frozen is true; drafts stay editable and publishing (frozen false → true)
still works.
"""

import pgtrigger.migrations
from django.db import migrations


GUARD_SQL = r"""
CREATE OR REPLACE FUNCTION nodes_nodespec_frozen_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'nodespec_frozen_protect: % of a published node specification (%) is refused',
        TG_OP, OLD.code
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER nodespec_frozen_protect BEFORE UPDATE OR DELETE ON nodes_nodespec
    FOR EACH ROW WHEN (OLD.frozen) EXECUTE FUNCTION nodes_nodespec_frozen_refuse();
"""

UNGUARD_SQL = r"""
DROP TRIGGER IF EXISTS nodespec_frozen_protect ON nodes_nodespec;
DROP FUNCTION IF EXISTS nodes_nodespec_frozen_refuse();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("nodes", "0007_template_step_marks"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="nodespec",
            name="nodespec_frozen_protect",
        ),
        migrations.RunPython(_on_postgres(GUARD_SQL), _on_postgres(UNGUARD_SQL)),
    ]
