"""Allocation (分案), reallocation (改分) and recusal (回避)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courtops.core.actors import Actor, person_or_none
from courtops.core.cases.allocation import Allocator, Why
from courtops.core.cases.choices import (
    AllocationKind,
    CaseStatus,
)
from courtops.core.cases.services._common import _case_for_update, require_case_writer
from courtops.core.cases.services.rules import ruleset_active
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, NotFound, ValidationFailed
from courtops.core.models import (
    AllocationRuleSet,
    Case,
    CaseAllocation,
    Court,
    Person,
    TrialUnit,
)
from courtops.core.services.audit import audit_record, snapshot


# --- allocation -----------------------------------------------------------------------------
def _lock_court_units(court_id: int) -> None:
    """Serialise allocators of one court: every allocation locks all the court's unit rows (in
    id order, so two allocators cannot deadlock) before reading loads. Under READ COMMITTED the
    load query that follows sees every allocation committed before the lock was granted."""
    list(
        TrialUnit.objects.select_for_update()
        .filter(court_id=court_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _locked_allocator(court_id: int) -> Allocator:
    """An allocator under the court's active rule set, made after the court's units are locked
    (so the loads it reads include every allocation committed before the lock)."""
    _lock_court_units(court_id)
    return Allocator(court_id=court_id, rule_set=ruleset_active(court_id))


def _save_decision(
    *, actor: Actor, case: Case, decision, kind: str, rule_set, reason: str = ""
) -> CaseAllocation:
    before = snapshot(case, ["trial_unit_id", "judge_id", "assistant_id"])
    case.trial_unit = decision.unit
    case.judge_id = decision.judge_id
    case.assistant_id = decision.assistant_id
    case.allocation_rule_set = rule_set
    case.allocation_explanation = decision.explanation
    case.allocated_at = timezone.now()
    return CaseAllocation(
        court_id=case.court_id,
        case=case,
        kind=kind,
        trial_unit=decision.unit,
        judge_id=decision.judge_id,
        assistant_id=decision.assistant_id,
        rule_set=rule_set,
        explanation=decision.explanation,
        details={**decision.details, "before": before},
        reason=reason,
        actor=person_or_none(actor),
    )


ALLOCATION_FIELDS = [
    "trial_unit",
    "judge",
    "assistant",
    "allocation_rule_set",
    "allocation_explanation",
    "allocated_at",
    "updated_at",
]


def cases_allocate(
    *, actor: Actor, court: Court, case_ids: Iterable[int] | None = None
) -> list[Case]:
    """Allocate unallocated open cases (all pending ones when ``case_ids`` is None) under the
    active rule set, in filing order. A batch gives the same result as one case at a time."""
    require_case_writer(actor, court.pk)
    with transaction.atomic():
        _lock_court_units(court.pk)
        rule_set = ruleset_active(court)
        qs = Case.objects.filter(
            court=court, trial_unit__isnull=True, status__in=CaseStatus.open_values()
        ).order_by("filing_date", "pk")
        if case_ids is not None:
            qs = qs.filter(pk__in=list(case_ids))
        cases = list(qs.select_for_update())
        if not cases:
            return []
        allocator = Allocator(court_id=court.pk, rule_set=rule_set)
        records = []
        for case in cases:
            decision = allocator.decide(case)
            allocator.apply(case, decision)
            records.append(
                _save_decision(
                    actor=actor,
                    case=case,
                    decision=decision,
                    kind=AllocationKind.INITIAL,
                    rule_set=rule_set,
                )
            )
        now = timezone.now()
        # One UPDATE per case: bulk_update's CASE expressions cost far more than they save here.
        for case in cases:
            case.updated_at = now
            Case.objects.filter(pk=case.pk).update(
                trial_unit_id=case.trial_unit_id,
                judge_id=case.judge_id,
                assistant_id=case.assistant_id,
                allocation_rule_set_id=case.allocation_rule_set_id,
                allocation_explanation=case.allocation_explanation,
                allocated_at=case.allocated_at,
                updated_at=now,
            )
        CaseAllocation.objects.bulk_create(records, batch_size=500)
        # One event per run: a batch of 500 is one decision of the office, and each case keeps
        # its own CaseAllocation row with the explanation.
        if len(cases) == 1:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=cases[0],
                changes={
                    "trial_unit": [None, cases[0].trial_unit_id],
                    "judge": [None, cases[0].judge_id],
                },
                reason=cases[0].allocation_explanation,
            )
        else:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=court,
                object_type="core.case",
                object_repr=_("%(n)s cases allocated") % {"n": len(cases)},
                changes={
                    "allocated": {c.case_number: [c.trial_unit_id, c.judge_id] for c in cases},
                    "rule_set_version": rule_set.version if rule_set else None,
                },
            )
    return cases


def allocation_preview(
    *, court: Court, rule_set: AllocationRuleSet | None, cases: list[Case]
) -> list[tuple[Case, Any]]:
    """Dry run: where ``cases`` would go under ``rule_set`` (nothing is saved). Each item is
    (case, Decision) or (case, error message)."""
    allocator = Allocator(court_id=court.pk, rule_set=rule_set)
    out: list[tuple[Case, Any]] = []
    for case in cases:
        try:
            if case.trial_unit_id:
                allocator.release(case)
            decision = allocator.decide(case)
            allocator.apply(case, decision)
            out.append((case, decision))
        except ValidationFailed as exc:
            out.append((case, exc.message))
    return out


def case_reallocate(
    *,
    actor: Actor,
    case_id: int,
    reason: str,
    unit: TrialUnit | None = None,
    judge: Person | None = None,
) -> Case:
    """Reallocate (改分) an allocated open case, with a reason: to ``unit`` (and ``judge``) if
    given, else by the rules to the best eligible unit other than the current one."""
    if not (reason or "").strip():
        raise ValidationFailed(_("A reallocation needs a reason."), field="reason")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_writer(actor, case.court_id)
        if not case.is_open or case.trial_unit_id is None:
            raise Conflict(_("Only an allocated open case can be reallocated."))
        allocator = _locked_allocator(case.court_id)
        rule_set = allocator.rule_set
        allocator.release(case)
        if unit is not None:
            if unit.court_id != case.court_id or unit.pk not in allocator.units:
                raise NotFound(_("No such active unit."))
            why = Why(gettext_lazy("chosen by the office"), {})
            if judge is not None:
                if judge.pk not in allocator.judges.get(unit.pk, []):
                    raise ValidationFailed(
                        _("%(judge)s is not a judge of %(unit)s.")
                        % {"judge": judge.full_name, "unit": unit.name},
                        field="judge",
                    )
                others = [p for p in allocator.judges[unit.pk] if p != judge.pk]
                decision = allocator.decide_in_unit(case, unit.pk, why, [unit.pk], others)
            else:
                decision = allocator.decide_in_unit(case, unit.pk, why, [unit.pk])
        else:
            decision = allocator.decide(case, exclude_units={case.trial_unit_id})
        record = _save_decision(
            actor=actor,
            case=case,
            decision=decision,
            kind=AllocationKind.REALLOCATION,
            rule_set=rule_set,
            reason=reason,
        )
        before = record.details["before"]
        case.save()
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={
                "trial_unit": [before["trial_unit_id"], case.trial_unit_id],
                "judge": [before["judge_id"], case.judge_id],
            },
            reason=reason,
        )
    return case


def case_recuse(*, actor: Actor, case_id: int, reason: str) -> Case:
    """The judge withdraws (回避): the case goes to the unit's judge with the lowest load other
    than the recused one; the assistant stays unless the unit has no other choice."""
    if not (reason or "").strip():
        raise ValidationFailed(_("A recusal needs a reason."), field="reason")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_writer(actor, case.court_id)
        if not case.is_open or case.judge_id is None:
            raise Conflict(_("Only an allocated open case can have its judge recused."))
        allocator = _locked_allocator(case.court_id)
        rule_set = allocator.rule_set
        recused, assistant_id = case.judge_id, case.assistant_id
        allocator.release(case)
        decision = allocator.decide_in_unit(
            case,
            case.trial_unit_id,
            Why(gettext_lazy("recusal of the judge"), {}),
            [case.trial_unit_id],
            {recused},
        )
        decision.assistant_id = assistant_id or decision.assistant_id
        record = _save_decision(
            actor=actor,
            case=case,
            decision=decision,
            kind=AllocationKind.RECUSAL,
            rule_set=rule_set,
            reason=reason,
        )
        record.details["recused_judge"] = recused
        case.save()
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={"judge": [recused, case.judge_id]},
            reason=reason,
        )
    return case
