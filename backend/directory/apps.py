from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "backend.directory"
    label = "directory"
    verbose_name = _("政府信息公开目录")

    def ready(self) -> None:
        from backend.catalog.related import register_related

        from .selectors import related_policies

        register_related(related_policies)  # 相关政策 on the item's guide pages (portal, disclosure)
