from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "backend.directory"
    label = "directory"
    verbose_name = _("政府信息公开目录")
