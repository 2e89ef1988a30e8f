"""Issue 10.2: the chain's hash covers every stored field of an event — who, what, from where
and why — so changing any one of them (by someone who bypasses the triggers) is reported."""

from __future__ import annotations

import datetime as dt

import pytest

from courtops.core.choices import AuditAction
from courtops.core.models import AuditEvent, AuditSeal
from courtops.core.services.audit import audit_record, audit_seal_all, audit_verify
from tests.core.audit_attacks import as_database_superuser

CHANGED = {
    "court": lambda e, ctx: {"court_id": ctx["court_b"].pk},
    "company": lambda e, ctx: {"company_id": ctx["company_x"].pk},
    "at": lambda e, ctx: {"at": e.at - dt.timedelta(seconds=1)},
    "actor": lambda e, ctx: {"actor_id": ctx["judge_a"].pk},
    "actor_name": lambda e, ctx: {"actor_name": "别人"},
    "actor_role": lambda e, ctx: {"actor_role": "judge"},
    "action": lambda e, ctx: {"action": AuditAction.LOGIN},
    "object_type": lambda e, ctx: {"object_type": "core.court"},
    "object_id": lambda e, ctx: {"object_id": "999"},
    "object_repr": lambda e, ctx: {"object_repr": "另一个对象"},
    "changes": lambda e, ctx: {"changes": {"is_active": [False, True]}},
    "reason": lambda e, ctx: {"reason": "无事发生"},
    "ip_address": lambda e, ctx: {"ip_address": "10.9.9.9"},
}


def test_every_stored_field_is_named_in_this_test():
    stored = {f.name for f in AuditEvent._meta.concrete_fields} - {"id", "chain"}
    assert stored == set(CHANGED)


@pytest.mark.parametrize("field", sorted(CHANGED))
def test_changing_one_field_breaks_the_chain_at_that_event(
    field, office_a, judge_a, court_b, company_x
):
    event = audit_record(
        actor=office_a,
        action=AuditAction.UPDATE,
        obj=judge_a,
        changes={"is_active": [True, False]},
        reason="调离",
        ip_address="10.1.2.3",
    )
    audit_seal_all()
    assert audit_verify()[1] == []
    event.refresh_from_db()
    update = CHANGED[field](event, {"court_b": court_b, "company_x": company_x, "judge_a": judge_a})
    with as_database_superuser():
        AuditEvent.objects.filter(pk=event.pk).update(**update)
    problems = audit_verify(chain=event.chain)[1]
    assert len(problems) == 1
    assert problems[0].event_id == event.pk
    assert problems[0].seq == AuditSeal.objects.get(event=event).seq
