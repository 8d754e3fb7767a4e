"""Columns are edited here (tree, unit, owner, frequency); documents are read-only (they change
through the review and sign-off of the staff pages and API)."""

from django.contrib import admin

from .models import Column, Document, DocumentEvent


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "department", "owner", "kind", "update_every_days", "day_kind",
                    "is_pilot", "requires_interpretation", "is_active", "last_published_at")
    list_filter = ("kind", "is_pilot", "requires_interpretation", "is_active", "department")
    list_editable = ("department", "owner", "update_every_days", "day_kind", "is_pilot", "requires_interpretation",
                     "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("department", "owner")
    readonly_fields = ("last_published_at",)
    ordering = ("position", "code")


class DocumentEventInline(admin.TabularInline):
    model = DocumentEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "opinion", "version", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "column", "doc_number", "status", "validity", "version", "published_on", "interprets")
    list_filter = ("status", "validity", "column")
    search_fields = ("title", "doc_number")
    inlines = [DocumentEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["service_items"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)
