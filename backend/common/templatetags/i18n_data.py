"""Template helpers for pages in any language (a builtin library, settings.TEMPLATES):

- `value|data` marks a value someone typed or an official name as not to be translated
  (`<span translate="no">`): translation tools leave it, and the English page test (tests/i18n)
  knows that its Chinese is not a missing translation.
- `name|seeded_name` shows a name that a migration seeded in its translation, any other name as data.
- `{% punct "（" %}` is the punctuation that glues values together outside a translated sentence:
  full-width in Chinese, its English form with spacing in any other language.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

from backend.common.seeded_names import seeded_display

register = template.Library()

ENGLISH_PUNCTUATION = {
    "（": " (", "）": ")", "，": ", ", "；": "; ", "：": ": ", "、": ", ", "。": ". ", "！": "! ", "？": "? ",
    "“": '"', "”": '"', "《": '"', "》": '"', "〔": "[", "〕": "]", "【": "[", "】": "] ", "—": "—",
}


def _chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


@register.filter
def data(value):
    if value is None or value == "":
        return ""
    return format_html('<span translate="no">{}</span>', value)


@register.filter
def seeded_name(value):
    if not value:
        return value
    shown = seeded_display(str(value))
    return conditional_escape(shown) if shown is not None else data(value)


@register.simple_tag
def punct(mark: str) -> str:
    if _chinese():
        return mark
    return "".join(ENGLISH_PUNCTUATION.get(ch, ch) for ch in mark)


@register.filter
def seeded_text(value):
    """As seeded_name, as plain text: for an <option> or a <title>, which cannot hold markup."""
    if not value:
        return value
    shown = seeded_display(str(value))
    return str(shown) if shown is not None else value
