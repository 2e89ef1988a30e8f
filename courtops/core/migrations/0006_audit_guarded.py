"""Audit trail that cannot be wiped or cut short unnoticed (issue 10.1, 10.2, 10.9).

* pgtrigger's guards are replaced by plain triggers: pgtrigger's functions skip themselves when
  the session sets ``pgtrigger.ignore``, which any database role may do.
* events, seals and checkpoints refuse UPDATE, DELETE and TRUNCATE; a chain head refuses DELETE
  and TRUNCATE, is created empty, and moves only forward onto a seal that exists.
* seals made before this migration keep hash scheme 1; new ones use scheme 2 (every field).
"""

import django.db.models.deletion
import django.utils.timezone
import pgtrigger.migrations
from django.db import migrations, models


GUARD_SQL = r"""
CREATE OR REPLACE FUNCTION courtops_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit trail: % on % is refused (append-only)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE OR REPLACE FUNCTION courtops_audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.last_seq <> 0 OR NEW.last_hash <> repeat('0', 64) THEN
            RAISE EXCEPTION 'audit trail: a chain head starts empty'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.chain = OLD.chain AND NEW.last_seq = OLD.last_seq
           AND NEW.last_hash = OLD.last_hash THEN
            RETURN NEW;
        END IF;
        IF NEW.chain <> OLD.chain OR NEW.last_seq <= OLD.last_seq OR NOT EXISTS (
            SELECT 1 FROM core_auditseal s
            WHERE s.chain = NEW.chain AND s.seq = NEW.last_seq AND s.hash = NEW.last_hash
        ) THEN
            RAISE EXCEPTION 'audit trail: a chain head only moves forward onto an existing seal'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit trail: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER courtops_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION courtops_audit_refuse();
CREATE TRIGGER courtops_no_truncate BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION courtops_audit_refuse();
CREATE TRIGGER courtops_append_only BEFORE UPDATE OR DELETE ON core_auditseal
    FOR EACH ROW EXECUTE FUNCTION courtops_audit_refuse();
CREATE TRIGGER courtops_no_truncate BEFORE TRUNCATE ON core_auditseal
    FOR EACH STATEMENT EXECUTE FUNCTION courtops_audit_refuse();
CREATE TRIGGER courtops_append_only BEFORE UPDATE OR DELETE ON core_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION courtops_audit_refuse();
CREATE TRIGGER courtops_no_truncate BEFORE TRUNCATE ON core_auditcheckpoint
    FOR EACH STATEMENT EXECUTE FUNCTION courtops_audit_refuse();
CREATE TRIGGER courtops_head_guard BEFORE INSERT OR UPDATE OR DELETE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION courtops_audit_head_guard();
CREATE TRIGGER courtops_no_truncate BEFORE TRUNCATE ON core_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION courtops_audit_refuse();
"""

UNGUARD_SQL = r"""
DROP TRIGGER IF EXISTS courtops_append_only ON core_auditevent;
DROP TRIGGER IF EXISTS courtops_no_truncate ON core_auditevent;
DROP TRIGGER IF EXISTS courtops_append_only ON core_auditseal;
DROP TRIGGER IF EXISTS courtops_no_truncate ON core_auditseal;
DROP TRIGGER IF EXISTS courtops_append_only ON core_auditcheckpoint;
DROP TRIGGER IF EXISTS courtops_no_truncate ON core_auditcheckpoint;
DROP TRIGGER IF EXISTS courtops_head_guard ON core_auditchainhead;
DROP TRIGGER IF EXISTS courtops_no_truncate ON core_auditchainhead;
DROP FUNCTION IF EXISTS courtops_audit_head_guard();
DROP FUNCTION IF EXISTS courtops_audit_refuse();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_ledger_import_jobs'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain', models.BigIntegerField(db_index=True, verbose_name='chain')),
                ('seq', models.BigIntegerField(verbose_name='chain length')),
                ('hash', models.CharField(max_length=64, verbose_name='head hash')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
            ],
            options={
                'verbose_name': 'audit checkpoint',
                'verbose_name_plural': 'audit checkpoints',
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='auditevent',
            name='audit_event_append_only',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='auditseal',
            name='audit_seal_append_only',
        ),
        migrations.AddField(
            model_name='auditevent',
            name='company',
            field=models.ForeignKey(blank=True, help_text="Set for events of a company's people, so the courts it serves see them.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_events', to='core.company', verbose_name='service company (服务商)'),
        ),
        migrations.AddField(
            model_name='auditseal',
            name='scheme',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='hash scheme'),
        ),
        migrations.AlterField(
            model_name='auditseal',
            name='scheme',
            field=models.PositiveSmallIntegerField(default=2, verbose_name='hash scheme'),
        ),
        migrations.AddConstraint(
            model_name='auditcheckpoint',
            constraint=models.UniqueConstraint(fields=('chain', 'seq'), name='audit_checkpoint_unique'),
        ),
        migrations.RunPython(_on_postgres(GUARD_SQL), _on_postgres(UNGUARD_SQL)),
    ]
