"""The allocation engine (分案): which unit and judge get a case, and why.

An ``Allocator`` is built once per allocation run, under the court's unit lock (see
``services.cases_allocate``): it reads the rule set, the units with their causes and members,
and the weighted open load of every unit and judge. ``decide`` picks for one case and ``apply``
adds that case to the loads, so a batch is allocated exactly as the same cases one by one.
The allocator never writes; a dry run is just ``decide`` + ``apply`` without saving.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courtops.core.cases.choices import CaseStatus, Complexity, RuleComplexity, TieBreak, UnitRole
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import (
    AllocationRule,
    AllocationRuleSet,
    Case,
    CaseCause,
    TrialUnit,
    TrialUnitMember,
)


@dataclass(frozen=True)
class Why:
    """Why units were eligible, rendered later in the court's language."""

    text: object
    params: dict

    def render(self) -> str:
        params = dict(self.params)
        if "complexity" in params:
            params["complexity"] = Complexity(params["complexity"]).label
        return str(self.text) % params


@dataclass
class Decision:
    unit: TrialUnit
    judge_id: int | None
    assistant_id: int | None
    explanation: str
    details: dict = field(default_factory=dict)


def _fmt(load: float) -> str:
    return f"{load:.1f}"


class Allocator:
    """Loads and rules of one court at one moment (see module docstring)."""

    def __init__(self, *, court_id: int, rule_set: AllocationRuleSet | None):
        self.court_id = court_id
        self.rule_set = rule_set
        self.procedure_weights = (
            {k: float(v) for k, v in (rule_set.procedure_weights or {}).items()} if rule_set else {}
        )
        self.cause_weights = (
            {str(k): float(v) for k, v in (rule_set.cause_weights or {}).items()}
            if rule_set
            else {}
        )
        self.tie_break = rule_set.tie_break if rule_set else TieBreak.FEWEST_CASES
        self.parents = dict(CaseCause.objects.for_court(court_id).values_list("id", "parent_id"))
        self.cause_names = dict(CaseCause.objects.for_court(court_id).values_list("id", "name"))
        self.units = {
            u.pk: u
            for u in TrialUnit.objects.for_court(court_id).filter(is_active=True).order_by("number")
        }
        self.unit_causes: dict[int, set[int]] = defaultdict(set)
        for unit_id, cause_id in TrialUnit.causes.through.objects.filter(
            trialunit_id__in=self.units
        ).values_list("trialunit_id", "casecause_id"):
            self.unit_causes[unit_id].add(cause_id)
        self.judges: dict[int, list[int]] = defaultdict(list)
        self.assistants: dict[int, list[int]] = defaultdict(list)
        self.person_names: dict[int, str] = {}
        for m in (
            TrialUnitMember.objects.filter(unit_id__in=self.units, is_active=True)
            .select_related("person")
            .order_by("person_id")
        ):
            if not m.person.is_active:
                continue
            (self.judges if m.role == UnitRole.JUDGE else self.assistants)[m.unit_id].append(
                m.person_id
            )
            self.person_names[m.person_id] = m.person.full_name
        self.rules = []
        if rule_set is not None:
            for rule in AllocationRule.objects.filter(rule_set=rule_set).prefetch_related("units"):
                self.rules.append((rule, {u.pk for u in rule.units.all()}))
        self.unit_load: dict[int, float] = defaultdict(float)
        self.unit_count: dict[int, int] = defaultdict(int)
        self.person_load: dict[int, float] = defaultdict(float)
        self.person_count: dict[int, int] = defaultdict(int)
        open_cases = Case.objects.filter(
            court_id=court_id, status__in=CaseStatus.open_values(), trial_unit__isnull=False
        )
        for row in open_cases.values("trial_unit_id", "procedure", "cause_id").annotate(
            n=Count("id")
        ):
            w = self.weight(row["procedure"], row["cause_id"])
            self.unit_load[row["trial_unit_id"]] += w * row["n"]
            self.unit_count[row["trial_unit_id"]] += row["n"]
        for key in ("judge_id", "assistant_id"):
            rows = open_cases.filter(**{f"{key}__isnull": False}).values(
                key, "procedure", "cause_id"
            )
            for row in rows.annotate(n=Count("id")):
                self.person_load[row[key]] += (
                    self.weight(row["procedure"], row["cause_id"]) * row["n"]
                )
                self.person_count[row[key]] += row["n"]

    # -- weights and eligibility ---------------------------------------------------------
    def weight(self, procedure: str, cause_id: int) -> float:
        w = self.procedure_weights.get(procedure, 1.0)
        for cid in self.cause_chain(cause_id):  # the most specific weighted cause applies
            if str(cid) in self.cause_weights:
                return w * self.cause_weights[str(cid)]
        return w

    def cause_chain(self, cause_id: int) -> list[int]:
        chain: list[int] = []
        node: int | None = cause_id
        while node is not None and node not in chain:
            chain.append(node)
            node = self.parents.get(node)
        return chain

    def _staffed(self, unit_ids) -> list[int]:
        return [u for u in unit_ids if u in self.units and self.judges.get(u)]

    def eligible(self, case) -> tuple[list[int], Why]:
        """Eligible unit ids and, in words, why."""
        chain = self.cause_chain(case.cause_id)
        cause_name = self.cause_names.get(case.cause_id, "")

        def fits(rule) -> bool:
            return rule.complexity in (RuleComplexity.ANY, case.complexity)

        for cid in chain:
            matching = [(r, units) for r, units in self.rules if r.cause_id == cid and fits(r)]
            exact = [m for m in matching if m[0].complexity == case.complexity] or matching
            if exact:
                ids = self._staffed(set().union(*(units for _r, units in exact)))
                if ids:
                    return ids, Why(
                        gettext_lazy("rule for %(cause)s (%(complexity)s)"),
                        {"cause": self.cause_names.get(cid, ""), "complexity": case.complexity},
                    )
        wildcard = [units for r, units in self.rules if r.cause_id is None and fits(r)]
        if wildcard:
            ids = self._staffed(set().union(*wildcard))
            if ids:
                return ids, Why(
                    gettext_lazy("general rule for %(complexity)s cases"),
                    {"complexity": case.complexity},
                )
        capable = "handles_simple" if case.complexity == "simple" else "handles_complex"
        ids = self._staffed(
            u
            for u, unit in self.units.items()
            if getattr(unit, capable) and self.unit_causes.get(u, set()) & set(chain)
        )
        if not ids:
            raise ValidationFailed(
                _("No active trial unit with a judge handles %(cause)s (%(complexity)s) cases.")
                % {"cause": cause_name, "complexity": case.get_complexity_display()},
                field="cause",
            )
        return ids, Why(gettext_lazy("handles %(cause)s"), {"cause": cause_name})

    # -- choosing ------------------------------------------------------------------------
    def _unit_key(self, unit_id: int):
        unit = self.units[unit_id]
        if self.tie_break == TieBreak.UNIT_NUMBER:
            return (round(self.unit_load[unit_id], 6), unit.number)
        return (round(self.unit_load[unit_id], 6), self.unit_count[unit_id], unit.number)

    def _person_key(self, person_id: int):
        return (round(self.person_load[person_id], 6), self.person_count[person_id], person_id)

    def decide(self, case, *, exclude_units=(), exclude_people=()) -> Decision:
        candidates, why = self.eligible(case)
        candidates = [u for u in candidates if u not in exclude_units] or (
            [] if exclude_units else candidates
        )
        if not candidates:
            raise ValidationFailed(_("No other eligible trial unit for this case."), field="unit")
        unit_id = min(candidates, key=self._unit_key)
        return self.decide_in_unit(case, unit_id, why, candidates, exclude_people)

    def decide_in_unit(self, case, unit_id, why, candidates, exclude_people=()) -> Decision:
        unit = self.units[unit_id]
        judges = [p for p in self.judges.get(unit_id, []) if p not in exclude_people]
        if not judges:
            raise ValidationFailed(
                _("%(unit)s has no other active judge.") % {"unit": unit.name}, field="judge"
            )
        judge_id = min(judges, key=self._person_key)
        assistants = [p for p in self.assistants.get(unit_id, []) if p not in exclude_people]
        assistant_id = min(assistants, key=self._person_key) if assistants else None
        unit_load = self.unit_load[unit_id]
        with translation.override(settings.LANGUAGE_CODE):
            why = why.render() if isinstance(why, Why) else str(why)
            if len(candidates) > 1:
                text = _(
                    "%(unit)s: %(why)s; lowest weighted open load of %(n)s candidate units (%(load)s)"
                ) % {"unit": unit.name, "why": why, "n": len(candidates), "load": _fmt(unit_load)}
            else:
                text = _(
                    "%(unit)s: %(why)s; the only eligible unit (weighted open load %(load)s)"
                ) % {
                    "unit": unit.name,
                    "why": why,
                    "load": _fmt(unit_load),
                }
            text += _("; judge %(judge)s has the lowest weighted load in the unit (%(load)s)") % {
                "judge": self.person_names.get(judge_id, ""),
                "load": _fmt(self.person_load[judge_id]),
            }
        details = {
            "rule_set_version": self.rule_set.version if self.rule_set else None,
            "candidates": {
                self.units[u].name: round(self.unit_load[u], 3) for u in sorted(candidates)
            },
            "judges": {
                self.person_names.get(p, str(p)): round(self.person_load[p], 3) for p in judges
            },
            "weight": self.weight(case.procedure, case.cause_id),
        }
        return Decision(unit, judge_id, assistant_id, text, details)

    def apply(self, case, decision: Decision) -> None:
        """Count ``case`` in the loads of its new unit and people (after ``decide``)."""
        w = self.weight(case.procedure, case.cause_id)
        self.unit_load[decision.unit.pk] += w
        self.unit_count[decision.unit.pk] += 1
        for person_id in (decision.judge_id, decision.assistant_id):
            if person_id:
                self.person_load[person_id] += w
                self.person_count[person_id] += 1

    def release(self, case) -> None:
        """Take ``case`` out of the loads of its current unit and people (before re-deciding)."""
        w = self.weight(case.procedure, case.cause_id)
        if case.trial_unit_id:
            self.unit_load[case.trial_unit_id] -= w
            self.unit_count[case.trial_unit_id] -= 1
        for person_id in (case.judge_id, case.assistant_id):
            if person_id:
                self.person_load[person_id] -= w
                self.person_count[person_id] -= 1
