from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "backend.catalog"
    label = "catalog"

    def ready(self) -> None:
        from backend.workcalendar.outlook import register_reach

        from .selectors import longest_statutory_limit

        register_reach(longest_statutory_limit)

