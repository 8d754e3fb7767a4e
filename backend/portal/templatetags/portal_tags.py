"""Template helpers for role-dependent navigation and labels."""

from django import template

from .. import forms

register = template.Library()


@register.filter
def has_role(user, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(role))


register.filter("step_label", forms.step_label)
register.filter("decision_label", forms.decision_label)


@register.filter
def person_name(user) -> str:
    return "" if user is None else user.display_name
