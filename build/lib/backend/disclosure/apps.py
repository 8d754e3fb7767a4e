from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "backend.disclosure"
    label = "disclosure"
    verbose_name = "政务公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
