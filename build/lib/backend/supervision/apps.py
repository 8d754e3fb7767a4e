from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "backend.supervision"
    label = "supervision"
    verbose_name = "电子监察"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
