from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "backend.statistics"
    label = "statistics"
    verbose_name = "统计分析"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
