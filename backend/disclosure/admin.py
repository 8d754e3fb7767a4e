"""Administrators withdraw or correct publications, manage webhook subscriptions and replay failed
deliveries. Publications and events are never edited by hand: only through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.common.admin import ReadOnlyAdmin
from backend.common.errors import DomainError

from . import services
from .models import Delivery, OutboxEvent, Publication, WebhookSubscription


class _NoAddDelete:
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(ReadOnlyAdmin, admin.TabularInline):
    model = Delivery
    fk_name = "publication"
    extra = 0
    fields = ("subscription", "event", "status", "attempts", "last_status_code", "last_error", "next_attempt_at",
              "delivered_at")
    readonly_fields = fields


def _reason_step(modeladmin, request, queryset, *, action: str, title: str, apply):
    """Django's intermediate-page pattern: ask for a reason, then apply to each selected row."""
    reason = request.POST.get("reason", "").strip()
    if request.POST.get("apply"):
        done = 0
        for publication in queryset:
            try:
                apply(publication, reason)
                done += 1
            except DomainError as exc:
                modeladmin.message_user(request, f"{publication}: {exc}", messages.ERROR)
        if done:
            modeladmin.message_user(request, _("已处理 %(n)s 条公开信息。") % {"n": done}, messages.SUCCESS)
        return None
    return TemplateResponse(request, "disclosure/admin_reason.html", {
        **modeladmin.admin_site.each_context(request), "title": title, "queryset": queryset, "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "opts": modeladmin.model._meta,
    })


@admin.register(Publication)
class PublicationAdmin(_NoAddDelete, admin.ModelAdmin):
    list_display = ("subject", "kind", "version", "status", "title", "published_at", "delivery_status")
    list_filter = ("kind", "status", "department_name")
    search_fields = ("subject", "item_name", "item_code", "title")
    date_hierarchy = "published_at"
    readonly_fields = [f.name for f in Publication._meta.fields]
    inlines = [DeliveryInline]
    actions = ["withdraw", "correct"]

    def save_model(self, request, obj, form, change):
        """Every field is read-only: changes go through the withdraw and correct actions."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            deliveries_total=Count("deliveries"),
            deliveries_done=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DELIVERED)),
            deliveries_dead=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DEAD)),
        )

    @admin.display(description=gettext_lazy("推送状态"))
    def delivery_status(self, obj):
        if not obj.deliveries_total:
            return "—"
        text = f"{obj.deliveries_done}/{obj.deliveries_total}"
        return text + (_("，%(n)s 条失败") % {"n": obj.deliveries_dead} if obj.deliveries_dead else "")

    @admin.action(description=gettext_lazy("撤回所选公开信息（需说明理由）"), permissions=["change"])
    def withdraw(self, request, queryset):
        now = timezone.now()
        return _reason_step(self, request, queryset, action="withdraw", title=_("撤回公开信息"),
                            apply=lambda p, reason: services.publication_withdraw(
                                publication=p, reason=reason, actor=request.user, now=now))

    @admin.action(description=gettext_lazy("按当前记录更正所选公开信息（需说明理由）"), permissions=["change"])
    def correct(self, request, queryset):
        now = timezone.now()
        return _reason_step(self, request, queryset, action="correct", title=_("更正公开信息"),
                            apply=lambda p, reason: services.publication_correct(
                                publication=p, reason=reason, actor=request.user, now=now))


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("key", "kind", "created_at", "due_at", "processed_at", "outcome", "attempts")
    list_filter = ("kind", "outcome", ("processed_at", admin.EmptyFieldListFilter))
    search_fields = ("key",)
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "scope", "channel", "is_active", "created_at")
    list_filter = ("is_active", "scope", "channel")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # a URL typed without a scheme must not become a refused http:// one
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Delivery)
class DeliveryAdmin(_NoAddDelete, admin.ModelAdmin):
    list_display = ("id", "subscription", "publication", "status", "attempts", "last_status_code", "next_attempt_at",
                    "delivered_at")
    list_filter = ("status", "subscription")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["replay"]

    def save_model(self, request, obj, form, change):
        """Every field is read-only: a failed delivery is sent again with the replay action."""

    @admin.action(description=gettext_lazy("重新发送所选失败推送"), permissions=["change"])
    def replay(self, request, queryset):
        now = timezone.now()
        done = 0
        for delivery in queryset:
            try:
                services.delivery_replay(delivery=delivery, actor=request.user, now=now)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{delivery.pk}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, _("已重新排队 %(n)s 条推送。") % {"n": done}, messages.SUCCESS)
