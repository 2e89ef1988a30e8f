"""Issue 10.1: the audit trail cannot be wiped or cut short unnoticed. Each test performs one
attack from the probe and sees it refused by the database or reported by ``audit verify``."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from courtops.core.models import AuditChainHead, AuditCheckpoint, AuditEvent, AuditSeal
from courtops.core.services.audit import audit_checkpoint, audit_seal_all, audit_verify
from courtops.core.services.people import person_set_active
from tests.core.audit_attacks import as_database_superuser


def _refused(sql: str, params=None) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def sealed_trail(office_a, judge_a):
    person_set_active(actor=office_a, person=judge_a, active=False, reason="调离")
    person_set_active(actor=office_a, person=judge_a, active=True, reason="调回")
    audit_seal_all()
    audit_checkpoint()
    return office_a.court_id


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE core_auditseal, core_auditevent CASCADE",
        "TRUNCATE core_auditevent CASCADE",
        "TRUNCATE core_auditchainhead",
        "TRUNCATE core_auditcheckpoint",
        "TRUNCATE core_person CASCADE",
    ],
)
def test_truncating_the_trail_is_refused(sealed_trail, sql):
    _refused(sql)
    assert AuditSeal.objects.filter(chain=sealed_trail).exists()


@pytest.mark.postgres
def test_chain_heads_cannot_be_deleted_set_back_or_forged(sealed_trail):
    head = AuditChainHead.objects.get(chain=sealed_trail)
    _refused("DELETE FROM core_auditchainhead WHERE chain = %s", [sealed_trail])
    _refused(
        "UPDATE core_auditchainhead SET last_seq = last_seq - 1 WHERE chain = %s", [sealed_trail]
    )
    _refused(
        "UPDATE core_auditchainhead SET last_hash = repeat('a', 64) WHERE chain = %s",
        [sealed_trail],
    )
    _refused(
        "UPDATE core_auditchainhead SET last_seq = last_seq + 5 WHERE chain = %s", [sealed_trail]
    )
    _refused(
        "INSERT INTO core_auditchainhead (chain, last_seq, last_hash, updated_at) "
        "VALUES (424242, 7, repeat('b', 64), now())"
    )
    _refused("UPDATE core_auditcheckpoint SET seq = 1")
    _refused("DELETE FROM core_auditcheckpoint")
    assert AuditChainHead.objects.get(chain=sealed_trail).last_seq == head.last_seq


@pytest.mark.postgres
def test_the_trail_still_grows_through_the_guards(sealed_trail, office_a, judge_a):
    person_set_active(actor=office_a, person=judge_a, active=False, reason="再次调离")
    before = AuditChainHead.objects.get(chain=sealed_trail).last_seq
    audit_seal_all()
    assert AuditChainHead.objects.get(chain=sealed_trail).last_seq == before + 1
    assert audit_verify()[1] == []


def test_deleting_the_newest_event_and_setting_the_head_back_is_reported(sealed_trail):
    newest = AuditSeal.objects.filter(chain=sealed_trail).order_by("-seq").first()
    previous = AuditSeal.objects.get(chain=sealed_trail, seq=newest.seq - 1)
    with as_database_superuser():
        AuditSeal.objects.filter(pk=newest.pk).delete()
        AuditEvent.objects.filter(pk=newest.event_id).delete()
        AuditChainHead.objects.filter(chain=sealed_trail).update(
            last_seq=previous.seq, last_hash=previous.hash
        )
    _checked, problems = audit_verify(chain=sealed_trail)
    assert len(problems) == 1
    assert "tail was cut" in problems[0].problem
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_wiping_every_audit_table_is_reported_from_the_anchor_file(
    sealed_trail, settings, tmp_path, office_a, judge_a
):
    settings.COURTOPS_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    audit_checkpoint()  # nothing new: the file gets nothing
    person_set_active(actor=office_a, person=judge_a, active=False, reason="第三次")
    audit_seal_all()
    assert len(audit_checkpoint()) == 1
    with as_database_superuser():
        for model in (AuditCheckpoint, AuditChainHead, AuditSeal, AuditEvent):
            model.objects.all().delete()
    # New events after the wipe form a fresh, internally consistent chain ...
    person_set_active(actor=office_a, person=judge_a, active=True, reason="新链")
    audit_seal_all()
    # ... which the anchor kept outside the database shows to be a cut-down trail.
    _checked, problems = audit_verify()
    assert [p.chain for p in problems] == [sealed_trail]
    assert "recorded" in problems[0].problem


def test_verify_reports_a_missing_chain_head(sealed_trail):
    with as_database_superuser():
        AuditChainHead.objects.filter(chain=sealed_trail).delete()
    problems = audit_verify(chain=sealed_trail)[1]
    assert problems and "head is missing" in problems[0].problem


def test_verify_reports_a_chain_head_that_does_not_match_its_last_link(sealed_trail):
    with as_database_superuser():
        AuditChainHead.objects.filter(chain=sealed_trail).update(last_hash="f" * 64)
    problems = audit_verify(chain=sealed_trail)[1]
    assert problems and "differs from its last link" in problems[0].problem


def test_checkpointing_twice_adds_nothing(sealed_trail):
    count = AuditCheckpoint.objects.count()
    assert audit_checkpoint() == []
    assert AuditCheckpoint.objects.count() == count


ROLE = "courtops_audit_test_app"


@pytest.fixture
def as_app_role(sealed_trail):
    """The application's restricted role, created by the project's own command (inside the
    test's transaction: roles are transactional in PostgreSQL, so nothing is left behind)."""
    call_command("audit_db_role", role=ROLE, password_env="UNSET_FOR_TEST")
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE core_auditevent DISABLE TRIGGER courtops_append_only",
        "ALTER TABLE core_auditchainhead DISABLE TRIGGER courtops_head_guard",
        "DROP TRIGGER courtops_no_truncate ON core_auditseal",
        "SET session_replication_role = replica",
        "TRUNCATE core_auditevent CASCADE",
        "TRUNCATE core_case CASCADE",
        "DELETE FROM core_auditevent",
        "UPDATE core_auditevent SET reason = 'x'",
        "DELETE FROM core_auditchainhead",
        "CREATE TABLE core_shadow (id int)",
    ],
)
def test_the_application_role_cannot_switch_off_or_bypass_the_guards(as_app_role, sql):
    _refused(sql)


@pytest.mark.postgres
def test_pgtrigger_ignore_does_not_open_the_audit_tables(sealed_trail):
    # pgtrigger's own triggers skip themselves when a session sets this; ours do not.
    with connection.cursor() as cursor:
        cursor.execute("SET pgtrigger.ignore = '{core_auditevent:courtops_append_only}'")
    _refused("UPDATE core_auditevent SET reason = 'x'")
    _refused("DELETE FROM core_auditseal")


@pytest.mark.postgres
def test_the_application_role_can_still_record_and_seal(as_app_role, office_a, judge_a):
    person_set_active(actor=office_a, person=judge_a, active=False, reason="以应用角色")
    assert audit_seal_all()[0].sealed == 1
    assert audit_checkpoint()
    assert audit_verify()[1] == []


def test_beat_checkpoints_every_chain(settings, office_a):
    from courtops.core.tasks import audit_checkpoint as checkpoint_task

    assert any(
        entry["task"] == "core.audit_checkpoint" for entry in settings.CELERY_BEAT_SCHEDULE.values()
    )
    assert checkpoint_task() >= 1  # seals what is pending, then anchors each chain
    assert checkpoint_task() == 0
    assert AuditCheckpoint.objects.filter(chain=office_a.court_id).exists()
