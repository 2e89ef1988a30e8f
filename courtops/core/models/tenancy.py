"""Tenants and organisations: courts, their departments, and the service companies."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courtops.core.choices import CourtLevel, DepartmentKind
from courtops.core.models.scoping import CourtScopedQuerySet
from courtops.core.permissions import is_platform_admin

court_code_validator = RegexValidator(
    r"^[\u4e00-\u9fa5]{1,2}\d{0,4}$",
    _("A court code is the province abbreviation followed by up to 4 digits, e.g. 粤1971."),
)


class Court(models.Model):
    """A people's court: the tenant. Every operational row belongs to exactly one court."""

    code = models.CharField(
        _("court code"), max_length=16, unique=True, validators=[court_code_validator]
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    province = models.CharField(_("province"), max_length=20)
    # which workflow templates the court is offered (a basic court runs no second instance)
    level = models.CharField(
        _("court level"), max_length=12, choices=CourtLevel.choices, default=CourtLevel.BASIC
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Days an uploaded ledger (personal data) is kept after its import finished, set by the
    # court's office (``court_set_import_retention``); empty = the installation default
    # COURTOPS_IMPORT_RETENTION_DAYS, which is also the upper bound.
    import_retention_days = models.PositiveSmallIntegerField(
        _("days uploads are kept"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("court (法院)")
        verbose_name_plural = _("courts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(CourtScopedQuerySet):
    pass


class Department(models.Model):
    """A department of a court (审管办, 立案庭, 民一庭 …)."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.OTHER
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department (部门)")
        verbose_name_plural = _("departments")
        ordering = ["court", "name"]
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CompanyQuerySet(models.QuerySet):
    def for_user(self, user) -> CompanyQuerySet:
        """Court staff see the companies serving their court; company users their own."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        if user.court_id is not None:
            return self.filter(courts=user.court_id)
        if user.company_id is not None:
            return self.filter(pk=user.company_id)
        return self.none()


class Company(models.Model):
    """A service company (服务商). One company may serve several courts; what work it gets
    is decided by its contracts (the contracts app)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[
            RegexValidator(
                r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
                _("A unified social credit code has 18 characters (digits and capital letters)."),
            )
        ],
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_postal = models.BooleanField(
        _("postal service (EMS)"),
        default=False,
        help_text=_("China Post / EMS is a special vendor for service of process by post."),
    )
    courts = models.ManyToManyField(
        Court, related_name="companies", blank=True, verbose_name=_("courts served")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("service company (服务商)")
        verbose_name_plural = _("service companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
