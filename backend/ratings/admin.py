from django.contrib import admin

from backend.common.admin import ReadOnlyAdmin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin, admin.ModelAdmin):  # immutable: nobody changes a submitted rating
    list_display = ("case", "score", "channel", "department", "item", "created_at")
    list_filter = ("score", "channel", "department")
    search_fields = ("case__number",)
    readonly_fields = ("case", "score", "comment", "channel", "department", "item", "created_at")
