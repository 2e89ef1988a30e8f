"""Allocation rule sets (分案规则): draft, edit, publish."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import Actor, person_or_none
from courtops.core.cases.choices import (
    Procedure,
    RuleComplexity,
    RuleSetStatus,
    TieBreak,
)
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, NotFound, ValidationFailed
from courtops.core.models import (
    AllocationRule,
    AllocationRuleSet,
    CaseCause,
    Court,
    TrialUnit,
)
from courtops.core.permissions import require_office
from courtops.core.services.audit import audit_record, snapshot
from courtops.core.transitions import refusal_message, transition_run


# --- allocation rules -----------------------------------------------------------------------
def ruleset_active(court: Court | int) -> AllocationRuleSet | None:
    court_id = court.pk if isinstance(court, Court) else court
    return AllocationRuleSet.objects.filter(court_id=court_id, status=RuleSetStatus.ACTIVE).first()


def ruleset_draft(*, actor: Actor, court: Court) -> AllocationRuleSet:
    """The court's draft rule set, created as a copy of the active one if there is none."""
    require_office(actor, court.pk)
    with transaction.atomic():
        draft = AllocationRuleSet.objects.filter(court=court, status=RuleSetStatus.DRAFT).first()
        if draft is not None:
            return draft
        active = ruleset_active(court)
        version = (
            AllocationRuleSet.objects.filter(court=court).aggregate(m=Max("version"))["m"] or 0
        ) + 1
        draft = AllocationRuleSet.objects.create(
            court=court,
            version=version,
            status=RuleSetStatus.DRAFT,
            procedure_weights=dict(active.procedure_weights) if active else {},
            cause_weights=dict(active.cause_weights) if active else {},
            tie_break=active.tie_break if active else TieBreak.FEWEST_CASES,
            created_by=person_or_none(actor),
        )
        if active is not None:
            for rule in active.rules.prefetch_related("units"):
                copy = AllocationRule.objects.create(
                    rule_set=draft, cause=rule.cause, complexity=rule.complexity, note=rule.note
                )
                copy.units.set(rule.units.all())
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=draft, changes={"version": [None, version]}
        )
    return draft


def _lock_draft(rule_set_id: int) -> AllocationRuleSet:
    """The rule set, locked for this transaction and re-checked to still be a draft: an edit
    that read the row before a concurrent publish must not write it back (lost update)."""
    rule_set = AllocationRuleSet.objects.select_for_update().filter(pk=rule_set_id).first()
    if rule_set is None:
        raise NotFound(_("No such rule set."))
    if rule_set.status != RuleSetStatus.DRAFT:
        raise Conflict(
            refusal_message(
                rule_set, "status", _("Only a draft rule set can be edited; start a new draft.")
            )
        )
    return rule_set


def _clean_weights(weights: dict, *, field: str) -> dict:
    clean = {}
    for key, value in (weights or {}).items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 < number <= 100:
            raise ValidationFailed(
                _("Weight %(v)s for %(k)s must be a number above 0 and at most 100.")
                % {"v": value, "k": key},
                field=field,
            )
        clean[str(key)] = number
    return clean


def ruleset_update(
    *,
    actor: Actor,
    rule_set: AllocationRuleSet,
    procedure_weights: dict | None = None,
    cause_weights: dict | None = None,
    tie_break: str | None = None,
    note: str | None = None,
) -> AllocationRuleSet:
    """Change the weights, tie-break or note of a draft. The row is locked and re-checked, and
    only the changed fields are saved, so a concurrent publish is never written back to draft."""
    require_office(actor, rule_set.court_id)
    changed: dict = {}
    if procedure_weights is not None:
        unknown = set(procedure_weights) - set(Procedure.values)
        if unknown:
            raise ValidationFailed(
                _("Unknown procedure %(p)s.") % {"p": ", ".join(sorted(unknown))},
                field="procedure_weights",
            )
        changed["procedure_weights"] = _clean_weights(procedure_weights, field="procedure_weights")
    if cause_weights is not None:
        changed["cause_weights"] = _clean_weights(cause_weights, field="cause_weights")
    if tie_break is not None:
        if tie_break not in TieBreak.values:
            raise ValidationFailed(_("Unknown tie-break."), field="tie_break")
        changed["tie_break"] = tie_break
    if note is not None:
        changed["note"] = note
    with transaction.atomic():
        locked = _lock_draft(rule_set.pk)
        before = snapshot(locked, list(changed))
        for name, value in changed.items():
            setattr(locked, name, value)
        after = snapshot(locked, list(changed))
        fields = [k for k in changed if before[k] != after[k]]
        if fields:
            locked.save(update_fields=fields)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=locked,
                changes={k: [before[k], after[k]] for k in fields},
            )
    return locked


def rule_add(
    *,
    actor: Actor,
    rule_set: AllocationRuleSet,
    cause: CaseCause | None,
    complexity: str = RuleComplexity.ANY,
    units: Iterable[TrialUnit],
    note: str = "",
) -> AllocationRule:
    """Add an eligibility rule to a draft: ``units`` are eligible for ``cause`` (and its
    sub-causes; None = any cause) at ``complexity``."""
    require_office(actor, rule_set.court_id)
    units = list(units)
    if not units:
        raise ValidationFailed(_("A rule needs at least one unit."), field="units")
    if any(u.court_id != rule_set.court_id for u in units) or (
        cause is not None and cause.court_id not in (None, rule_set.court_id)
    ):
        raise NotFound(_("No such unit or cause."))
    if complexity not in RuleComplexity.values:
        raise ValidationFailed(_("Unknown complexity."), field="complexity")
    with transaction.atomic():
        _lock_draft(rule_set.pk)
        rule = AllocationRule.objects.create(
            rule_set=rule_set, cause=cause, complexity=complexity, note=note
        )
        rule.units.set(units)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=rule,
            court_id=rule_set.court_id,
            changes={
                "cause": [None, cause.pk if cause else None],
                "complexity": [None, complexity],
                "units": [None, [u.pk for u in units]],
            },
        )
    return rule


def rule_delete(*, actor: Actor, rule: AllocationRule) -> None:
    require_office(actor, rule.rule_set.court_id)
    with transaction.atomic():
        _lock_draft(rule.rule_set_id)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=rule,
            court_id=rule.rule_set.court_id,
            changes={"cause": [rule.cause_id, None]},
        )
        rule.delete()


def ruleset_publish(
    *, actor: Actor, rule_set: AllocationRuleSet, note: str = ""
) -> AllocationRuleSet:
    """draft → active; the previous active version is retired (active → retired) first, in the
    same transaction. Allocations name the version. Publishing an active set again changes
    nothing."""
    require_office(actor, rule_set.court_id)
    with transaction.atomic():
        # Lock the draft before the active row: the same order as every draft edit.
        draft = AllocationRuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
        if draft is not None and draft.status == RuleSetStatus.DRAFT:
            active = ruleset_active(rule_set.court_id)
            if active is not None:
                transition_run(instance=active, transition="retire", actor=actor, reason=note or "")
        return transition_run(
            model=AllocationRuleSet,
            pk=rule_set.pk,
            transition="publish",
            actor=actor,
            params={"at": timezone.now(), "note": note},
            refusal=_("Only a draft rule set can be published; start a new draft."),
            not_found=_("No such rule set."),
            reason=note,
        ).obj
