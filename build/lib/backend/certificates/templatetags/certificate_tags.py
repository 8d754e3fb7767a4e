"""Labels for certificate states and delivery methods (the register, case pages and the timeline)."""

from django import template

from ..models import Certificate, DeliveryRecord

register = template.Library()


@register.filter
def certificate_status_label(status: str) -> str:
    try:
        return str(Certificate.Status(status).label)
    except ValueError:
        return status or ""


@register.filter
def delivery_method_label(method: str) -> str:
    try:
        return str(DeliveryRecord.Method(method).label)
    except ValueError:
        return method or ""
