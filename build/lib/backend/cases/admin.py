from django.contrib import admin

from .models import Case, CaseEvent, CaseMaterial


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "step", "actor", "opinion", "created_at")
    fields = readonly_fields


class CaseMaterialInline(admin.TabularInline):
    model = CaseMaterial
    extra = 0
    can_delete = False
    readonly_fields = ("original_name", "requirement", "content_type", "size", "uploaded_by", "uploaded_at")
    fields = readonly_fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the process, so every change leaves a record."""

    list_display = ("number", "item", "applicant_name", "channel", "status", "decision", "filed_at")
    list_filter = ("status", "decision", "channel", "item__department")
    search_fields = ("number", "applicant_name")
    inlines = [CaseEventInline, CaseMaterialInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
