"""The events of a case's statutory time limit (审限): extension requests, excluded periods and
changes of procedure. Each belongs to one case and is visible exactly when its case is."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from courtops.core.cases.choices import (
    ExclusionKind,
    ExtensionStatus,
    PeriodUnit,
    Procedure,
)
from courtops.core.models.case_scoping import CaseChildQuerySet
from courtops.core.models.cases import Case
from courtops.core.models.tenancy import Court


class TimeLimitExtension(FSMModelMixin, models.Model):
    """A request to extend the time limit (延长审限): made at least 15 days before expiry,
    approved (or refused) by the president or the higher court; approved ones add their period."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    requested_on = models.DateField(_("requested on"))
    amount = models.PositiveSmallIntegerField(_("extension"))
    unit = models.CharField(
        _("unit"), max_length=6, choices=PeriodUnit.choices, default=PeriodUnit.MONTHS
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = FSMField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.REQUESTED,
        protected=True,
    )
    approver = models.CharField(_("approved by"), max_length=60, blank=True)
    decided_by = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided in the system by"),
    )
    higher_court = models.BooleanField(_("approved by the higher court"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    evidence = models.CharField(_("evidence (document no.)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("time-limit extension (延长审限)")
        verbose_name_plural = _("time-limit extensions")
        ordering = ["case", "requested_on", "id"]

    def _decide(
        self, *, approver: str, evidence: str, higher_court: bool, decided_on, decided_by
    ) -> None:
        self.approver, self.evidence, self.higher_court = approver, evidence, higher_court
        self.decided_on, self.decided_by = decided_on, decided_by

    @transition(field=status, source=ExtensionStatus.REQUESTED, target=ExtensionStatus.APPROVED)
    def approve(self, **decision) -> None:
        """requested → approved (the period is added to the time limit)."""
        self._decide(**decision)

    @transition(field=status, source=ExtensionStatus.REQUESTED, target=ExtensionStatus.REFUSED)
    def refuse(self, **decision) -> None:
        """requested → refused."""
        self._decide(**decision)


class TimeLimitExclusion(models.Model):
    """A period that does not count toward the time limit (扣除审限): 公告, 鉴定, 和解, 管辖异议,
    审计/评估, 中止. Both ends are counted as excluded days; an open end runs to today."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions")
    kind = models.CharField(_("kind"), max_length=20, choices=ExclusionKind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    approver = models.CharField(_("approved by"), max_length=60)
    evidence = models.CharField(_("evidence (document no.)"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("excluded period (扣除审限)")
        verbose_name_plural = _("excluded periods")
        ordering = ["case", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="exclusion_end_after_start",
            )
        ]


class ProcedureChange(models.Model):
    """A change of procedure (e.g. 简易 → 普通, 简转普). The filing date stays; the time limit of
    the new procedure counts from the original filing."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="procedure_changes")
    from_procedure = models.CharField(_("from"), max_length=30, choices=Procedure.choices)
    to_procedure = models.CharField(_("to"), max_length=30, choices=Procedure.choices)
    changed_on = models.DateField(_("changed on"))
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure change (程序转换)")
        verbose_name_plural = _("procedure changes")
        ordering = ["case", "changed_on", "id"]
