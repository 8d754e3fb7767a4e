"""Indicator labels and figures as the scorecard pages print them."""

from django import template

from ..core import INDICATORS

register = template.Library()


@register.filter
def indicator_label(name: str) -> str:
    indicator = INDICATORS.get(name)
    return str(indicator.label) if indicator else name


@register.filter
def indicator_value(value, name: str) -> str:
    """A rate as a percentage, anything else with two decimals; no figure as a dash."""
    if value is None:
        return "—"
    if str(name).endswith("_rate"):
        return f"{100 * float(value):.1f}%"
    return f"{float(value):.2f}"


@register.filter
def score(value) -> str:
    return "—" if value is None else f"{float(value):.1f}"
