"""Admin for scoring methods: a version a scorecard used is read-only; copy it into a new version."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.admin import ReadOnlyAdmin

from . import services
from .models import Circular, Scorecard, ScoringMethod


@admin.register(ScoringMethod)
class ScoringMethodAdmin(admin.ModelAdmin):
    list_display = ("version", "min_sample", "published_at", "in_use")
    fields = ("version", "weights", "min_sample", "circular", "description", "published_at")
    actions = ["new_version"]

    @admin.display(boolean=True, description=_("已被量化考评使用"))
    def in_use(self, obj) -> bool:
        return obj.used

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.used:  # a used version is never edited: add a new one
            return self.fields
        return ("version",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.used)

    def get_changeform_initial_data(self, request):
        from django.db.models import Max

        return {"version": (ScoringMethod.objects.aggregate(v=Max("version"))["v"] or 0) + 1}

    @admin.action(description=_("复制为新版本（未发布）"))
    def new_version(self, request, queryset):
        for method in queryset.order_by("version"):
            copy = services.scoring_method_new_version(based_on=method, now=timezone.now())
            self.message_user(request, _("已新建第 %(v)d 版，编辑后填写发布时间即生效。") % {"v": copy.version},
                              messages.SUCCESS)


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("month", "method_version", "computed_at")


@admin.register(Circular)
class CircularAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("title", "status", "signed_off_at", "published_at")
    list_filter = ("status",)
