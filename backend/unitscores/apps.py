from django.apps import AppConfig


class UnitscoresConfig(AppConfig):
    name = "backend.unitscores"
    verbose_name = "政务公开量化打分"
    default_auto_field = "django.db.models.BigAutoField"
