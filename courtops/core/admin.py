from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from courtops.core.models import (
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Company,
    Court,
    Department,
    Person,
)


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "level", "is_active"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "court", "kind"]
    list_filter = ["court", "kind"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "is_postal", "is_active"]
    search_fields = ["name", "credit_code"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "court", "company", "is_active"]
    list_filter = ["role", "court", "company", "is_active"]
    search_fields = ["username", "full_name"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profile", {"fields": ("full_name", "role", "court", "company", "department", "phone")}),
        (
            "Security",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "is_service_account",
                    "otp_required",
                    "must_change_password",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "full_name",
                    "role",
                    "court",
                    "company",
                    "password1",
                    "password2",
                )
            },
        ),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "court", "actor_name", "action", "object_repr"]
    list_filter = ["action", "court"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "court", "source"]
    list_filter = ["kind", "source", "court"]


admin.site.register(CalendarYear)
