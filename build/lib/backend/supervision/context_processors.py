"""The unread-notification count in the navigation, counted only when a page shows it."""

from django.utils.functional import SimpleLazyObject


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def count() -> int:
        from .models import Notification

        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(count)}
