"""Administrators edit the model replies (依申请公开答复示范文本) and each organ's details; requests
are read here (they change only through the office's pages and the API)."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import (
    report_admin,  # noqa: F401  (registers the annual reports)
    rules,
)
from .models import Consultation, InfoRequest, OrganProfile, ReplyTemplate


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def clean(self):
        cleaned = super().clean()
        unknown = rules.unknown_placeholders(cleaned.get("body", "")) + rules.unknown_placeholders(
            cleaned.get("title", ""))
        if unknown:
            raise forms.ValidationError(_("未知占位符：%(names)s。可用占位符：%(known)s") % {
                "names": "、".join(f"{{{n}}}" for n in unknown),
                "known": "、".join(f"{{{n}}}" for n in rules.PLACEHOLDERS)})
        return cleaned


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    form = ReplyTemplateForm
    list_display = ["reply_type", "title", "updated_at", "updated_by"]
    readonly_fields = ["reply_type", "updated_at", "updated_by"]

    def has_add_permission(self, request):
        return False  # one per reply type, shipped by migration 0004

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_at, obj.updated_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)


@admin.register(OrganProfile)
class OrganProfileAdmin(admin.ModelAdmin):
    list_display = ["organ", "office_name", "phone", "office_head"]
    autocomplete_fields = ["office_head"]


class ConsultationInline(admin.TabularInline):
    model = Consultation
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "party", "sent_at", "due_on", "answered_at", "opinion", "lapsed", "actor"]


@admin.register(InfoRequest)
class InfoRequestAdmin(admin.ModelAdmin):
    list_display = ["case", "organ", "channel", "received_on", "reply_type", "reply_ground", "closed_at"]
    list_filter = ["organ", "channel", "reply_type"]
    search_fields = ["case__number", "case__applicant_name", "description"]
    inlines = [ConsultationInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in InfoRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
