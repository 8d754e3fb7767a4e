from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "backend.certificates"
    label = "certificates"
    verbose_name = "证书与送达"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from backend.cases.extensions import register_case_section, register_completion_check

        from . import selectors

        register_completion_check(selectors.delivery_pending)
        register_case_section("certificate", selectors.case_certificate_section)
        register_case_section("delivery", selectors.case_delivery_section)
