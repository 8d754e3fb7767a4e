from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county 临河县 (`tongban demo_data`): data and its loader, outside the domain code.
    No domain package imports it (import-linter); it drives the domain through its services."""

    name = "demo"
    label = "demo"
    verbose_name = "演示数据"
