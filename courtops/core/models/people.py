"""People: every user of CourtOps, with exactly one role, belonging to one court or one company."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courtops.core.choices import Role
from courtops.core.models.tenancy import Company, Court, Department
from courtops.core.permissions import is_platform_admin


class PersonQuerySet(models.QuerySet):
    def for_user(self, user) -> PersonQuerySet:
        """Court staff see the people of their court; company users the people of their company."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        if user.court_id is not None:
            return self.filter(court_id=user.court_id)
        if user.company_id is not None:
            return self.filter(company_id=user.company_id)
        return self.none()


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> Person:
        if not username:
            raise ValueError("username is required")
        person = self.model(username=self.model.normalize_username(username), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, username: str, password: str | None = None, **fields) -> Person:
        """A platform administrator: no court, no company, office role for the menus."""
        fields.setdefault("role", Role.OFFICE)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """A user: office staff, judge, judge assistant, vendor supervisor, vendor staff or
    leadership/auditor. Court roles belong to a court; vendor roles to a company."""

    username = models.CharField(_("username"), max_length=64, unique=True)
    full_name = models.CharField(_("full name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    is_service_account = models.BooleanField(
        _("service account"),
        default=False,
        help_text=_("A system account (e.g. the court's case system) that uses an API token."),
    )
    otp_required = models.BooleanField(
        _("second factor required"),
        default=False,
        help_text=_("Require a TOTP code at login for this person, whatever the role policy."),
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person (人员)")
        verbose_name_plural = _("people")
        ordering = ["username"]
        constraints = [
            # Vendor roles belong to a company and to no court; court roles never to a company.
            models.CheckConstraint(
                condition=(
                    Q(role__in=Role.company_roles(), company__isnull=False, court__isnull=True)
                    | Q(~Q(role__in=Role.company_roles()), company__isnull=True)
                ),
                name="person_role_matches_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）"

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def is_court_user(self) -> bool:
        return self.court_id is not None

    @property
    def is_company_user(self) -> bool:
        return self.company_id is not None

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.LEADERSHIP

    def needs_second_factor(self) -> bool:
        return self.otp_required or self.role in settings.OTP_REQUIRED_ROLES

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name
