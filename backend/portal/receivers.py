"""The service hall's home and guide pages read the catalog itself (not publications): any catalog
or department edit retires the cached public pages (backend/common/pagecache.py)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from backend.accounts.models import Department
from backend.common import pagecache


def on_catalog_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        pagecache.invalidate()


def connect() -> None:
    for model in [*apps.get_app_config("catalog").get_models(), Department]:
        for signal, verb in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(on_catalog_changed, sender=model, dispatch_uid=f"portal_{model.__name__}_{verb}")
