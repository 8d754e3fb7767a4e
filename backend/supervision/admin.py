from django.contrib import admin

from .models import Card, Clock, ClockEntry, LogEntry


class ClockEntryInline(admin.TabularInline):
    model = ClockEntry
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "reason", "legal_basis", "actor", "start_date", "end_date", "days", "approved_by",
                       "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "step", "department", "state", "statutory_breach", "promised_deadline",
                    "projected_deadline", "next_change_at"]
    list_filter = ["state", "kind", "statutory_breach"]
    search_fields = ["case__number"]
    raw_id_fields = ["case"]
    inlines = [ClockEntryInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["case", "clock", "from_state", "to_state", "at", "department"]
    list_filter = ["to_state"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "kind", "hash"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
