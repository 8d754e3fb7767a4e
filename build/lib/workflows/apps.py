from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = "Workflows"

    def ready(self) -> None:
        from backend.cases.intake import register_material_step_holder

        from .selectors import holds_material_step

        register_material_step_holder(holds_material_step)
