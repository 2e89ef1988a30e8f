"""Read-only admin of the standards library: every change goes through the services (Excel
import, drafts, publishing), which validate, version and audit it."""

from __future__ import annotations

from django.contrib import admin

from nodes.models import Board, NodeSpec, Standard, StandardVersion, Template, TemplateVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Board)
class BoardAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_en", "order"]


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = ["code", "board", "current"]
    list_filter = ["board"]


@admin.register(StandardVersion)
class StandardVersionAdmin(ReadOnlyAdmin):
    list_display = ["standard", "version", "status", "title", "source", "published_at"]
    list_filter = ["status", "source", "standard__board"]
    search_fields = ["standard__code", "title", "number"]


@admin.register(NodeSpec)
class NodeSpecAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "version", "performer", "time_amount", "time_unit", "review"]
    list_filter = ["performer", "review", "pay_unit", "version__status"]
    search_fields = ["code", "name", "search_text"]
    list_select_related = ["version__standard"]


@admin.register(Template)
class TemplateAdmin(ReadOnlyAdmin):
    list_display = ["code", "procedure", "current"]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(ReadOnlyAdmin):
    list_display = ["template", "version", "status", "name", "published_at"]
    list_filter = ["status", "procedure"]
