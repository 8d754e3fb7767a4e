"""Admin: versions are read-only after import (use `manage.py calendar import`); the note stays editable."""

from datetime import date

from django.contrib import admin, messages
from django.utils import timezone

from .calendar import calendar_alarm, refresh_if_stale
from .models import CalendarDay, CalendarVersion


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "name"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CalendarVersion)
class CalendarVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "source", "covered_years", "author", "created_at"]
    readonly_fields = ["number", "source", "author", "created_at", "years"]
    fields = readonly_fields + ["note"]
    search_fields = ["source", "note"]
    inlines = [CalendarDayInline]

    @admin.display(description="覆盖年份")
    def covered_years(self, obj):
        return obj.years_display

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        today: date = timezone.localdate()
        alarm = calendar_alarm(today, refresh_if_stale())
        if alarm:
            self.message_user(request, alarm, messages.WARNING)
        return super().changelist_view(request, extra_context)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "version"]
    list_filter = ["kind", "version"]
    date_hierarchy = "date"
    search_fields = ["name"]
    readonly_fields = ["version", "date", "kind", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
