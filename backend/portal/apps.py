from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "backend.portal"
    label = "portal"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
