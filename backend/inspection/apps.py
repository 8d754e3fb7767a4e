from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "backend.inspection"
    label = "inspection"
    verbose_name = "自动检查与整改"
    default_auto_field = "django.db.models.BigAutoField"
