from django.contrib import admin

from backend.common.admin import ReadOnlyAdmin

from .models import CaseFact, RollupDirtyDay, StepFact


@admin.register(CaseFact)
class CaseFactAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("case_id", "department_id", "item_id", "received_date", "completed_date", "days_used", "on_time")
    list_filter = ("on_time", "early", "overdue")


@admin.register(StepFact)
class StepFactAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("task_id", "case_id", "step", "staff_id", "date", "days_used", "on_time", "sent_back")
    list_filter = ("step", "on_time", "sent_back")


@admin.register(RollupDirtyDay)
class RollupDirtyDayAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("day", "marked_at")
