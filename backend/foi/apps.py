from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "backend.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
