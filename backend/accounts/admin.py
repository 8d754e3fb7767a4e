from axes.admin import AccessAttemptAdmin as AxesAttemptAdmin
from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backend.common.admin import ReadOnlyAdmin

from . import brake
from .models import Department, ServiceCentre, StandIn, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("通办"), {"fields": ("title", "departments", "service_centre", "mobile")}),
    )
    filter_horizontal = ("groups", "user_permissions", "departments")
    list_display = ("username", "last_name", "first_name", "service_centre", "is_active")
    list_filter = ("groups", "departments", "service_centre", "is_active")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "head")
    search_fields = ("code", "name")


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "phone")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAttemptAdmin):
    """Counted sign-in failures (登录失败记录). Unlocking removes the counted failures and is logged;
    rows are not deleted one by one, so every unlock leaves a record."""

    actions = ["unlock"]

    @admin.action(description=_("解除锁定（清除所选失败记录，记入监察日志）"), permissions=["change"])
    def unlock(self, request, queryset):
        count = brake.unlock(attempts=queryset, actor=request.user)
        message = ngettext("已解除 %(n)d 条记录的锁定。", "已解除 %(n)d 条记录的锁定。", count)
        self.message_user(request, message % {"n": count})

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("axes.delete_accessattempt")


admin.site.register(AccessFailureLog, AccessFailureLogAdmin)
admin.site.register(AccessLog, AccessLogAdmin)


@admin.register(StandIn)
class StandInAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("absent", "stand_in", "starts_on", "ends_on", "reason", "cancelled_at")
    list_filter = ("starts_on",)
    search_fields = ("absent__username", "absent__last_name", "stand_in__username", "stand_in__last_name")
    # Named and cancelled by staff on their own page (checks, tamper-evident log), never deleted:
    # the timeline refers to it.
