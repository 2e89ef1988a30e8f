"""The audit trail: written with the change, sealed into a hash chain per court, append-only."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from courtops.core.actors import SYSTEM
from courtops.core.choices import AuditAction, Role
from courtops.core.models import AuditChainHead, AuditEvent, AuditSeal, Person
from courtops.core.models.audit import AppendOnlyError
from courtops.core.services.audit import audit_record, audit_seal, audit_seal_all, audit_verify
from courtops.core.services.people import person_create, person_set_active
from tests.core.audit_attacks import as_database_superuser


def test_a_change_through_a_service_writes_who_what_and_before_after(office_a, judge_a):
    person_set_active(actor=office_a, person=judge_a, active=False, reason="调离")
    event = AuditEvent.objects.filter(object_type="core.person", object_id=str(judge_a.pk)).latest(
        "id"
    )
    assert event.actor == office_a
    assert event.actor_role == Role.OFFICE
    assert event.court_id == judge_a.court_id
    assert event.changes == {"is_active": [True, False]}
    assert event.reason == "调离"


def test_an_event_rolls_back_with_the_change_it_describes(court_a, office_a):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        person_create(
            actor=office_a,
            username="temp",
            full_name="临时",
            role=Role.JUDGE,
            password="Xk2!mZ9#qL4w",
            court=court_a,
        )
        raise RuntimeError("boom")
    assert AuditEvent.objects.count() == before
    assert not Person.objects.filter(username="temp").exists()


def test_events_are_refused_edits_in_python(office_a):
    event = AuditEvent.objects.first()
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_sealing_chains_each_courts_events_and_verify_passes(office_a, office_b):
    results = audit_seal_all()
    assert sum(r.sealed for r in results) == AuditEvent.objects.count()
    checked, problems = audit_verify()
    assert problems == []
    assert checked == AuditEvent.objects.count()
    # One chain per court (and 0 for installation-wide events), each numbered from 1.
    for chain in {office_a.court_id, office_b.court_id}:
        seqs = list(
            AuditSeal.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True)
        )
        assert seqs == list(range(1, len(seqs) + 1))


def test_sealing_twice_changes_nothing(office_a):
    audit_seal_all()
    heads = list(AuditChainHead.objects.values_list("chain", "last_seq", "last_hash"))
    assert sum(r.sealed for r in audit_seal_all()) == 0
    assert list(AuditChainHead.objects.values_list("chain", "last_seq", "last_hash")) == heads


def _tamper(event_id: int, reason: str) -> None:
    """What an attacker with database access would do (triggers disabled on PostgreSQL)."""
    with as_database_superuser():
        AuditEvent.objects.filter(pk=event_id).update(reason=reason)


def test_verify_reports_the_first_broken_link_after_tampering(office_a, judge_a):
    person_set_active(actor=office_a, person=judge_a, active=False, reason="调离")
    audit_seal_all()
    victim = AuditSeal.objects.filter(chain=office_a.court_id).order_by("seq")[1]
    _tamper(victim.event_id, "nothing happened")
    _checked, problems = audit_verify(chain=office_a.court_id)
    assert len(problems) == 1
    assert problems[0].seq == victim.seq
    assert problems[0].event_id == victim.event_id
    assert "altered" in problems[0].problem
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_verify_command_says_ok_on_an_intact_trail(office_a, capsys):
    call_command("audit", "seal")
    call_command("audit", "verify")
    assert "every chain intact" in capsys.readouterr().out


@pytest.mark.postgres
def test_postgres_refuses_update_and_delete_of_audit_rows(office_a):
    audit_seal_all()
    event_id = AuditEvent.objects.values_list("pk", flat=True).first()
    for sql in (
        "UPDATE core_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
        "UPDATE core_auditseal SET hash = 'x' WHERE event_id = %s",
    ):
        with (
            pytest.raises((InternalError, ProgrammingError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event_id])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sealers_at_once_never_give_one_position_twice(court_a):
    for i in range(300):
        audit_record(
            actor=SYSTEM,
            action=AuditAction.UPDATE,
            object_type="test.thing",
            object_id=i,
            court_id=court_a.pk,
        )
    errors: list[BaseException] = []

    def seal():
        try:
            audit_seal(chain=court_a.pk, batch=50)
            audit_seal(chain=court_a.pk, batch=50)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=seal) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    audit_seal_all()
    assert (
        AuditSeal.objects.filter(chain=court_a.pk).count()
        == AuditEvent.objects.filter(chain=court_a.pk).count()
    )
    assert audit_verify(chain=court_a.pk)[1] == []
