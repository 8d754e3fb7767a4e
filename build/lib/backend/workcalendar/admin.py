"""Admin: versions are read-only after import; new ones come from the import page (or
`tongban calendar import`), which shows the re-projection report. The note stays editable."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.common.errors import DomainError

from . import calendar, services, signals, statutory
from .models import CalendarDay, CalendarVersion
from .outlook import calendar_outlook, coverage_runs

MAX_FILE_BYTES = 256 * 1024


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "name"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class CalendarImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("节假日安排文件（CSV）"),
                           help_text=gettext_lazy("每行 date,kind[,name]；kind 为 holiday、workday 或 closure"))
    source = forms.CharField(label=gettext_lazy("来源"), max_length=200,
                             help_text=gettext_lazy("国务院办公厅通知文号，例如 国办发明电〔2026〕N号；"
                                                    "本地停止办公写县政府通告文号"))
    years = forms.CharField(label=gettext_lazy("通知年度"), required=False, max_length=40,
                            help_text=gettext_lazy("留空则按文件所列法定节假日判断；跨年的通知可写多个年份，用逗号分隔"))
    note = forms.CharField(label=gettext_lazy("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_years(self) -> list[int] | None:
        raw = self.cleaned_data["years"].replace("，", ",").strip()
        if not raw:
            return None
        try:
            years = sorted({int(part) for part in raw.split(",") if part.strip()})
        except ValueError:
            raise forms.ValidationError(_("年度应为四位年份，多个年份用逗号分隔，例如 2027。")) from None
        if not all(services.MIN_YEAR <= y <= services.MAX_YEAR for y in years):
            raise forms.ValidationError(_("年度应在 %(min)s–%(max)s 之间。") % {
                "min": services.MIN_YEAR, "max": services.MAX_YEAR})
        return years

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件过大（上限 256 KB），节假日安排文件通常只有几十行。"))
        return upload


@admin.register(CalendarVersion)
class CalendarVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "source", "covered_years", "author", "created_at"]
    readonly_fields = ["number", "source", "author", "created_at", "years"]
    fields = readonly_fields + ["note"]
    search_fields = ["source", "note"]
    inlines = [CalendarDayInline]
    change_list_template = "admin/workcalendar/calendarversion/change_list.html"

    @admin.display(description=gettext_lazy("正式覆盖年份"))
    def covered_years(self, obj):
        return obj.years_display or "—"

    def has_add_permission(self, request):
        return False  # versions are imported whole, never typed in row by row

    def has_delete_permission(self, request, obj=None):
        return False  # a version is a record deadlines rest on: correct it with a later version

    def can_import(self, request) -> bool:
        return request.user.has_perm("workcalendar.add_calendarversion")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [path("import/", wrap(self.import_view), name="workcalendar_calendarversion_import"),
                path("draft/<int:year>.csv", wrap(self.draft_view), name="workcalendar_calendarversion_draft"),
                *super().get_urls()]

    def draft_view(self, request, year: int):
        """A provisional year's statutory days as an import file, to complete from the notice."""
        if not self.can_import(request):
            raise PermissionDenied
        try:
            text = services.draft_csv(year)
        except ValueError as exc:
            raise Http404(str(exc)) from None
        response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="calendar-{year}-draft.csv"'
        return response

    def changelist_view(self, request, extra_context=None):
        cal = calendar.refresh_if_stale()
        versions = list(CalendarVersion.objects.order_by("number").values_list("number", "source", "years"))
        extra_context = {**(extra_context or {}), "coverage": coverage_runs(cal, versions),
                         "can_import": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.can_import(request):
            raise PermissionDenied
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                rows = services.calendar_file_parse(data["file"].read())
                before = calendar.refresh_if_stale()
                version = services.calendar_version_create(rows=rows, source=data["source"], note=data["note"],
                                                           actor=request.user, years=data["years"])
            except DomainError as exc:
                for error in exc.errors:
                    form.add_error(error.field if error.field in ("source", "years") else "file", error.message)
            else:
                report = [str(r) for r in signals.take_reports()]
                self.message_user(request, _("已导入日历版本 #%(n)s（%(source)s），正式覆盖年份：%(years)s。") % {
                    "n": version.number, "source": version.source, "years": version.years_display or "—"},
                    messages.SUCCESS)
                for year in services.closure_only_years(rows, before, version):
                    self.message_user(request, _("%(year)s 年只导入了个别日期（如停止办公日），仍按法定节假日暂定，"
                                                 "待国务院办公厅节假日安排导入。") % {"year": year}, messages.WARNING)
                if not report:
                    return redirect(reverse("admin:workcalendar_calendarversion_changelist"))
        outlook = calendar_outlook(timezone.localdate(), calendar.refresh_if_stale())
        return TemplateResponse(request, "admin/workcalendar/calendarversion/import.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form, "report": report,
            "title": _("导入节假日安排"), "outlook": outlook, "draft_year": (outlook.provisional_years or [None])[0],
            "law": statutory.LAW,
        })


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "version"]
    list_filter = ["kind", "version"]
    date_hierarchy = "date"
    search_fields = ["name"]
    readonly_fields = ["version", "date", "kind", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
