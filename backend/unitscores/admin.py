"""Admin for disclosure methods: a version a scorecard used is read-only; copy it into a new version."""

from django.contrib import admin, messages
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from backend.common.admin import ReadOnlyAdmin

from . import services
from .models import DisclosureMethod, DisclosureScorecard


@admin.register(DisclosureMethod)
class DisclosureMethodAdmin(admin.ModelAdmin):
    list_display = ("version", "published_at", "in_use")
    fields = ("version", "indicators", "vetoes", "circular", "description", "published_at")
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
        return {"version": (DisclosureMethod.objects.aggregate(v=Max("version"))["v"] or 0) + 1}

    @admin.action(description=_("复制为新版本（未发布）"))
    def new_version(self, request, queryset):
        for method in queryset.order_by("version"):
            copy = services.method_new_version(based_on=method)
            self.message_user(request, _("已新建第 %(v)d 版，编辑后填写发布时间即生效。") % {"v": copy.version},
                              messages.SUCCESS)


@admin.register(DisclosureScorecard)
class DisclosureScorecardAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("period", "method_version", "status", "computed_at", "signed_off_at", "published_at")
    list_filter = ("status",)
