from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, ServiceCentre, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("通办"), {"fields": ("departments", "service_centre", "mobile")}),
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
