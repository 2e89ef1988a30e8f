"""Named choices of the foundation. Every state or kind in code is one of these."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Case-management office")
    JUDGE = "judge", _("Judge")
    ASSISTANT = "assistant", _("Judge assistant")
    VENDOR_SUPERVISOR = "vendor_supervisor", _("Vendor supervisor")
    VENDOR_STAFF = "vendor_staff", _("Vendor staff")
    LEADERSHIP = "leadership", _("Leadership / auditor")

    @classmethod
    def court_roles(cls) -> list[str]:
        return [cls.OFFICE, cls.JUDGE, cls.ASSISTANT, cls.LEADERSHIP]

    @classmethod
    def company_roles(cls) -> list[str]:
        return [cls.VENDOR_SUPERVISOR, cls.VENDOR_STAFF]


class DepartmentKind(models.TextChoices):
    OFFICE = "office", _("Case-management office")
    FILING = "filing", _("Case filing division")
    CIVIL = "civil", _("Civil division")
    CRIMINAL = "criminal", _("Criminal division")
    ADMINISTRATIVE = "administrative", _("Administrative division")
    ENFORCEMENT = "enforcement", _("Enforcement bureau")
    SERVICE = "service", _("Litigation service centre")
    ARCHIVES = "archives", _("Archives")
    OTHER = "other", _("Other")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday")
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")
    CLOSED = "closed", _("Court closed")
    OPEN = "open", _("Extra working day")


class DaySource(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar package")
    OFFICE = "office", _("Entered by the office")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    TRANSITION = "transition", _("State change")
    VIEW_PERSONAL_DATA = "view_personal_data", _("Viewed unmasked personal data")
    LOGIN = "login", _("Login")
    LOGOUT = "logout", _("Logout")
    LOGIN_FAILED = "login_failed", _("Failed login")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")


class CourtLevel(models.TextChoices):
    """The level of a people's court (法院层级): which workflow templates it runs."""

    BASIC = "basic", _("Basic people's court")
    INTERMEDIATE = "intermediate", _("Intermediate people's court")
    HIGH = "high", _("High people's court")
    SUPREME = "supreme", _("Supreme People's Court")
