from django.contrib import admin

from .models import Finding, InspectionRun, Problem


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InspectionRun)
class InspectionRunAdmin(ReadOnly):
    list_display = ("id", "day", "trigger", "started_at", "finished_at", "actor")
    list_filter = ("trigger",)


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ("run", "check_code", "department", "subject")
    list_filter = ("check_code",)


@admin.register(Problem)
class ProblemAdmin(ReadOnly):
    list_display = ("id", "source", "check_code", "department", "status", "due_on", "opened_at")
    list_filter = ("source", "status", "check_code")
    search_fields = ("description", "subject")
