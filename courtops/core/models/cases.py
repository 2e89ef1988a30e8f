"""The case register: causes of action, cases and parties, trial units and their members,
allocation rules and allocations. The events of the 审限 are in ``case_events``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from courtops.core.cases.choices import (
    AllocationKind,
    CaseSource,
    CaseStatus,
    ClosingManner,
    Complexity,
    PartyKind,
    PartyRole,
    Procedure,
    RuleComplexity,
    RuleSetStatus,
    TieBreak,
    UnitRole,
)
from courtops.core.exceptions import Conflict, ValidationFailed
from courtops.core.models.case_scoping import CaseChildQuerySet, CaseQuerySet
from courtops.core.models.scoping import CourtScopedQuerySet
from courtops.core.models.tenancy import Court


class CaseCauseQuerySet(CourtScopedQuerySet):
    """The national catalogue (court empty) plus the causes the user's own court added."""

    def for_court(self, court_id: int) -> CaseCauseQuerySet:
        return self.filter(Q(court__isnull=True) | Q(court_id=court_id))

    def for_company(self, user) -> CaseCauseQuerySet:
        return self.filter(court__isnull=True)


class CaseCause(models.Model):
    """A cause of action (案由) in the hierarchical catalogue of 法〔2020〕347号. National rows
    have no court; a court's office may add its own rows under any parent."""

    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="case_causes"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    path = models.CharField(_("path"), max_length=400, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CaseCauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("cause of action (案由)")
        verbose_name_plural = _("causes of action")
        ordering = ["path"]
        constraints = [
            # National rows (court empty) are unique by the catalogue loader and cause_create,
            # since NULLs are distinct in a unique constraint on both PostgreSQL and SQLite.
            models.UniqueConstraint(
                fields=["court", "parent", "name"], name="case_cause_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        ids, node = [], self.parent
        while node is not None:
            ids.append(node.pk)
            node = node.parent
        return ids


class TrialUnitQuerySet(CourtScopedQuerySet):
    pass


class TrialUnit(models.Model):
    """A trial unit (审判单元) of "3 judges + N assistants" that handles at most 10 causes."""

    MAX_CAUSES = 10

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="trial_units")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=60)
    causes = models.ManyToManyField(
        CaseCause, blank=True, related_name="trial_units", verbose_name=_("causes handled")
    )
    handles_simple = models.BooleanField(_("handles simple cases"), default=True)
    handles_complex = models.BooleanField(_("handles complex cases"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TrialUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("trial unit (审判单元)")
        verbose_name_plural = _("trial units")
        ordering = ["court", "number"]
        constraints = [
            models.UniqueConstraint(fields=["court", "number"], name="trial_unit_unique_number")
        ]

    def __str__(self) -> str:
        return self.name


class TrialUnitMemberQuerySet(CourtScopedQuerySet):
    court_field = "unit__court"

    def for_court(self, court_id: int) -> TrialUnitMemberQuerySet:
        return self.filter(unit__court_id=court_id)


class TrialUnitMember(models.Model):
    """A judge or judge assistant in a trial unit. A person is an active member of one unit."""

    unit = models.ForeignKey(TrialUnit, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="unit_memberships"
    )
    role = models.CharField(_("role in unit"), max_length=12, choices=UnitRole.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TrialUnitMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit member (单元成员)")
        verbose_name_plural = _("unit members")
        ordering = ["unit", "role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_active=True),
                name="unit_member_one_active_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.person}"


class AllocationRuleSetQuerySet(CourtScopedQuerySet):
    pass


class AllocationRuleSet(FSMModelMixin, models.Model):
    """One version of a court's allocation rules (分案规则). The office edits a draft and
    publishes it; publishing retires the previous active version. Weights: an open case counts
    ``procedure_weights[procedure] × cause_weights[cause id]`` (missing keys count 1)."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="allocation_rule_sets")
    version = models.PositiveIntegerField(_("version"))
    status = FSMField(
        _("status"),
        max_length=10,
        choices=RuleSetStatus.choices,
        default=RuleSetStatus.DRAFT,
        protected=True,
    )
    procedure_weights = models.JSONField(_("weight per procedure"), default=dict, blank=True)
    cause_weights = models.JSONField(_("weight per cause"), default=dict, blank=True)
    tie_break = models.CharField(
        _("tie-break"), max_length=20, choices=TieBreak.choices, default=TieBreak.FEWEST_CASES
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = AllocationRuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation rule set (分案规则)")
        verbose_name_plural = _("allocation rule sets")
        ordering = ["court", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["court", "version"], name="rule_set_unique_version"),
            models.UniqueConstraint(
                fields=["court"], condition=Q(status="active"), name="rule_set_one_active"
            ),
            models.UniqueConstraint(
                fields=["court"], condition=Q(status="draft"), name="rule_set_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"

    @transition(field=status, source=RuleSetStatus.DRAFT, target=RuleSetStatus.ACTIVE)
    def publish(self, *, at, note: str = "") -> None:
        """draft → active (the previous active version must be retired first)."""
        self.published_at = at
        if note:
            self.note = note

    @transition(field=status, source=RuleSetStatus.ACTIVE, target=RuleSetStatus.RETIRED)
    def retire(self) -> None:
        """active → retired, when the next version is published."""


class AllocationRuleQuerySet(CourtScopedQuerySet):
    court_field = "rule_set__court"

    def for_court(self, court_id: int) -> AllocationRuleQuerySet:
        return self.filter(rule_set__court_id=court_id)


class AllocationRule(models.Model):
    """Which units are eligible for a cause (and its sub-causes) and a complexity. No cause means
    any cause. Where no rule matches a case, the units whose cause list covers it are eligible."""

    rule_set = models.ForeignKey(AllocationRuleSet, on_delete=models.CASCADE, related_name="rules")
    cause = models.ForeignKey(
        CaseCause, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complexity = models.CharField(
        _("complexity"), max_length=10, choices=RuleComplexity.choices, default=RuleComplexity.ANY
    )
    units = models.ManyToManyField(TrialUnit, related_name="+", verbose_name=_("eligible units"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = AllocationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")
        ordering = ["rule_set", "id"]

    def __str__(self) -> str:
        return f"{self.cause or '*'} / {self.complexity}"


class Case(FSMModelMixin, models.Model):
    """A case in the register (案件). Its status runs filed → in trial → closed → archived.
    Allocation sets the trial unit, judge and assistant and records the rule-set version and
    an explanation; the time limit is computed from filing date, procedure and the events."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases")
    case_number = models.CharField(_("case number (案号)"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    type_code = models.CharField(_("type code"), max_length=8)
    serial = models.PositiveIntegerField(_("serial number"))
    cause = models.ForeignKey(
        CaseCause, on_delete=models.PROTECT, related_name="cases", verbose_name=_("cause")
    )
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    complexity = models.CharField(
        _("complexity"), max_length=10, choices=Complexity.choices, default=Complexity.SIMPLE
    )
    filing_date = models.DateField(_("filing date"))
    status = FSMField(
        _("status"),
        max_length=10,
        choices=CaseStatus.choices,
        default=CaseStatus.FILED,
        protected=True,
    )
    closing_manner = models.CharField(
        _("closing manner"), max_length=12, choices=ClosingManner.choices, blank=True
    )
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    trial_unit = models.ForeignKey(
        TrialUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_as_judge",
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_as_assistant",
    )
    allocation_rule_set = models.ForeignKey(
        AllocationRuleSet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    allocation_explanation = models.TextField(_("allocation explanation"), blank=True)
    allocated_at = models.DateTimeField(_("allocated at"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=CaseSource.choices, default=CaseSource.MANUAL
    )
    # The computed expiry, kept for filtering lists; recomputed from the events on every change.
    time_limit_end = models.DateField(_("time limit ends"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case (案件)")
        verbose_name_plural = _("cases")
        ordering = ["-filing_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "case_number"], name="case_unique_number"),
            models.CheckConstraint(
                condition=Q(status__in=["filed", "in_trial"])
                | Q(closing_date__isnull=False, closing_manner__gt=""),
                name="case_closed_has_manner_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["court", "status", "trial_unit"]),
            models.Index(fields=["court", "time_limit_end"]),
        ]
        permissions = [("reveal_personal_data", "Can show unmasked personal data of parties")]

    def __str__(self) -> str:
        return self.case_number

    @property
    def can_start_trial(self) -> bool:
        """进入审理 is offered only on a filed case that has a trial unit."""
        return self.status == CaseStatus.FILED and self.trial_unit_id is not None

    @property
    def is_open(self) -> bool:
        return self.status in CaseStatus.open_values()

    @transition(field=status, source=CaseStatus.FILED, target=CaseStatus.IN_TRIAL)
    def start_trial(self) -> None:
        """filed → in trial, once the case has a trial unit (an unallocated case has no one to
        try or enforce it)."""
        if self.trial_unit_id is None:
            raise Conflict(gettext("The case has not been allocated to a trial unit yet."))

    @transition(
        field=status, source=[CaseStatus.FILED, CaseStatus.IN_TRIAL], target=CaseStatus.CLOSED
    )
    def close(self, *, manner: str, closing_date: dt.date) -> None:
        """filed / in trial → closed, with the closing manner and a closing date between the
        filing date and today; the manner must be one the procedure allows."""
        procedure = Procedure(self.procedure)
        if manner not in procedure.closing_manners:
            raise ValidationFailed(
                gettext("A case under %(procedure)s cannot be closed by %(manner)s.")
                % {"procedure": procedure.label, "manner": ClosingManner(manner).label},
                field="manner",
            )
        if closing_date < self.filing_date or closing_date > timezone.localdate():
            raise ValidationFailed(
                gettext("The closing date must lie between the filing date and today."),
                field="closing_date",
            )
        self.closing_manner, self.closing_date = manner, closing_date

    @transition(field=status, source=CaseStatus.CLOSED, target=CaseStatus.ARCHIVED)
    def archive(self) -> None:
        """closed → archived."""


class Party(models.Model):
    """A party (当事人) of a case. Personal data is stored once, in full, and shown masked by
    default (see ``courtops.core.cases.masking``); unmasking is audited."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=24, choices=PartyRole.choices)
    kind = models.CharField(
        _("kind"), max_length=12, choices=PartyKind.choices, default=PartyKind.PERSON
    )
    name = models.CharField(_("name"), max_length=200)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("party (当事人)")
        verbose_name_plural = _("parties")
        ordering = ["case", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}"


class CaseAllocation(models.Model):
    """One allocation of a case (分案, 改分, 回避): who got it, under which rule-set version, and
    why, in words a person can check."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allocations")
    kind = models.CharField(_("kind"), max_length=14, choices=AllocationKind.choices)
    trial_unit = models.ForeignKey(TrialUnit, on_delete=models.PROTECT, related_name="+")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule_set = models.ForeignKey(
        AllocationRuleSet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    explanation = models.TextField(_("explanation"))
    details = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("case allocation (分案记录)")
        verbose_name_plural = _("case allocations")
        ordering = ["case", "id"]
