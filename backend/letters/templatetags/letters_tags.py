from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def errs(errors, name):
    """The messages of one field from the {field: [messages]} a letters page carries."""
    return (errors or {}).get(name, [])


@register.simple_tag
def field_errors(errors, name):
    messages = (errors or {}).get(name, [])
    if not messages:
        return ""
    return format_html('<ul class="field-errors" id="f-{}-error">{}</ul>', name,
                       format_html_join("", "<li>{}</li>", ((m,) for m in messages)))


@register.simple_tag
def described(errors, name, hint=False):
    """aria-describedby (and aria-invalid) for a field with its hint and errors."""
    ids = [f"f-{name}-hint"] if hint else []
    invalid = bool((errors or {}).get(name))
    if invalid:
        ids.append(f"f-{name}-error")
    out = format_html(' aria-describedby="{}"', " ".join(ids)) if ids else ""
    return format_html('{}{}', out, mark_safe(' aria-invalid="true"') if invalid else "")


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")


_EVENT_LABELS = {
    ("accept", "accepted"): _("受理并交办"),
    ("accept", "refused"): _("不予受理"),
    ("handle", "agreed"): _("拟写答复"),
    ("sign", "approved"): _("审签同意"),
    ("sign", "sent_back"): _("退回修改"),
    ("complete", "completed"): _("答复来信人"),
    ("", "reassigned"): _("转办"),
}


@register.filter
def letter_event(event) -> str:
    """A case event as the mailbox names it (the generic names speak of permits)."""
    label = _EVENT_LABELS.get((event.step, event.kind)) or _EVENT_LABELS.get(("", event.kind))
    return str(label) if label else event.get_kind_display()
