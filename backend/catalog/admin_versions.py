"""Process versions in the admin: the published versions on an item's page with their open cases,
the comparison of each with the one before, and publishing the configured steps as a new version."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.common.admin import ReadOnlyAdmin
from backend.common.errors import DomainError

from . import services
from .diagram import days_label
from .models import ProcessStep, ProcessVersion, ServiceItem
from .selectors import annotate_open_cases, department_names, process_diff_lines, process_latest
from .step_types import CALENDAR_DAYS


class ProcessVersionInline(ReadOnlyAdmin, admin.TabularInline):
    model = ProcessVersion
    fields = readonly_fields = ("version", "published_at", "published_by", "note", "open_cases")
    ordering = ("-version",)
    show_change_link = True
    verbose_name_plural = gettext_lazy("已发布的流程版本（办件按受理时的版本办结）")
    extra = 0

    def get_queryset(self, request):
        return annotate_open_cases(super().get_queryset(request).select_related("published_by"))

    @admin.display(description=gettext_lazy("在办件数"))
    def open_cases(self, obj):
        return obj.open_cases


@admin.register(ProcessVersion)
class ProcessVersionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("item", "version", "published_at", "published_by", "open_cases")
    list_filter = ("item__department",)
    search_fields = ("item__name", "item__code")
    fields = readonly_fields = ("item", "version", "published_at", "published_by", "note", "open_cases",
                                "step_list", "changes")

    def get_queryset(self, request):
        return annotate_open_cases(super().get_queryset(request).select_related("item", "published_by"))

    @admin.display(description=gettext_lazy("在办件数"))
    def open_cases(self, obj):
        return obj.open_cases

    @admin.display(description=gettext_lazy("环节"))
    def step_list(self, obj):
        names = department_names(s["department_id"] for s in obj.steps)
        return format_html("<ol>{}</ol>", format_html_join("", "<li>{} · {} · {}</li>", (
            (ProcessStep.label_for(s["step"]), names.get(s["department_id"], "?"),
             days_label(s["budget_days"], s.get("day_kind") == CALENDAR_DAYS)) for s in obj.steps)))

    @admin.display(description=gettext_lazy("与上一版本相比"))
    def changes(self, obj):
        before = (ProcessVersion.objects.filter(item=obj.item_id, version__lt=obj.version)
                  .order_by("-version").first())
        if before is None:
            return _("首个版本")
        return _change_list(process_diff_lines(old=before.steps, new=obj.steps),
                            _("第 %(v)s 版：") % {"v": before.version})


def _change_list(lines: list[str], heading: str = ""):
    if not lines:
        return _("无变化")
    return format_html("{}<ul>{}</ul>", heading, format_html_join("", "<li>{}</li>", ((line,) for line in lines)))


class PublishProcessMixin:
    """On ServiceItemAdmin: `<id>/publish-process/` compares the configured steps with the latest
    published version, lists what stops publication, and publishes with a note."""

    change_form_template = "admin/catalog/serviceitem/change_form.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [path("<path:object_id>/publish-process/", wrap(self.publish_process_view),
                     name="catalog_serviceitem_publish_process"), *super().get_urls()]

    def publish_process_view(self, request, object_id):
        if not request.user.has_perm("catalog.add_processversion"):
            raise PermissionDenied
        item = get_object_or_404(ServiceItem, pk=object_id)
        if request.method == "POST":
            try:
                version = services.process_publish(item=item, actor=request.user, now=timezone.now(),
                                                   note=request.POST.get("note", "").strip())
            except DomainError as exc:
                for error in exc.errors:
                    self.message_user(request, error.message, messages.ERROR)
            else:
                done = _("已发布流程第 %(v)s 版。此后提交的办件按新版本办理，在办件仍按原版本办结。")
                self.message_user(request, done % {"v": version.version}, messages.SUCCESS)
                return redirect(reverse("admin:catalog_serviceitem_change", args=[item.pk]))
        latest = process_latest(item=item)
        draft = services.draft_steps(item)
        problems = services.draft_problems(item=item, steps=draft, on=timezone.localdate())
        return TemplateResponse(request, "admin/catalog/serviceitem/publish_process.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": item,
            "title": _("发布流程新版本"), "latest": latest,
            "changes": process_diff_lines(old=latest.steps if latest else [], new=draft),
            "problems": problems, "empty": not draft,
        })
