from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts import roles as role_names
from backend.common.admin import ReadOnlyAdmin
from backend.common.errors import DomainError

from . import hashlog, rules
from .models import Card, Clock, ClockEntry, LogEntry, LogVerification, Notification, SuspensionRule, WarningRule
from .procedures import procedure_choices


class ClockEntryInline(admin.TabularInline):
    model = ClockEntry
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "reason", "legal_basis", "procedure", "expected_days", "actor", "start_date",
                       "end_date", "ended_at", "ended_by", "days", "approved_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "step", "department", "state", "statutory_breach", "promised_deadline",
                    "projected_deadline", "next_change_at"]
    list_filter = ["state", "kind", "statutory_breach"]
    search_fields = ["case__number"]
    raw_id_fields = ["case"]
    inlines = [ClockEntryInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["case", "clock", "step", "from_state", "to_state", "severity", "rule", "department",
                    "responsible", "at"]
    list_filter = ["to_state", "severity"]
    raw_id_fields = ["case", "clock", "responsible"]

    def has_change_permission(self, request, obj=None):
        return False


class WarningRuleForm(forms.ModelForm):
    class Meta:
        model = WarningRule
        fields = list(rules.FIELDS)

    def clean(self):
        data = super().clean()
        definition = {k: data.get(k) for k in rules.FIELDS if k in data}
        for key in ("item", "department"):
            if definition.get(key) is not None:
                definition[key] = definition[key].code
        definition["value"] = definition.get("value") or 0
        definition["enabled"] = bool(definition.get("enabled"))
        try:
            rules.rule_clean(definition)
        except DomainError as exc:
            for e in exc.errors:
                self.add_error(e.field if e.field in self.fields else None, str(e.message))
        return data


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    """The rules table. "Dry run" shows what a rule would change today, enabled or not."""

    form = WarningRuleForm
    list_display = ["name", "item", "step", "department", "clock_kind", "trigger", "value", "event", "severity",
                    "enabled"]
    list_filter = ["enabled", "severity", "trigger"]
    raw_id_fields = ["item"]
    actions = ["dry_run"]

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        obj.updated_at = now
        before, was_enabled = None, False
        if change:
            saved = WarningRule.objects.get(pk=obj.pk)
            before, was_enabled = rules.RuleSpec.of(saved), saved.enabled
        else:
            obj.created_at = now
        super().save_model(request, obj, form, change)
        rules.rule_saved(obj, before=before, was_enabled=was_enabled, actor=request.user, now=now)

    @admin.action(description=_("试运行：今天会有哪些计时器变化"))
    def dry_run(self, request, queryset):
        now = timezone.now()
        for rule in queryset:
            result = rules.rule_dry_run(spec=rules.RuleSpec.of(rule), now=now)
            counts = "，".join(f"{k} {v}" for k, v in sorted(result["counts"].items())) or "—"
            cases = "、".join(sorted({c["case"] for c in result["changes"]})[:10])
            self.message_user(request, _("%(rule)s：评估 %(n)s 个计时器，变化 %(counts)s %(cases)s") % {
                "rule": rule.name, "n": result["evaluated"], "counts": counts, "cases": cases}, messages.INFO)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "case", "kind", "title", "created_at", "read_at", "email_status"]
    list_filter = ["kind", "email_status"]
    raw_id_fields = ["recipient", "case", "card"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "kind", "hash"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- supervision orders (督办): read-only here; they change only through orders_services ----------------

from .models import Order, OrderCard, OrderReply  # noqa: E402


class OrderReplyInline(ReadOnlyAdmin, admin.TabularInline):
    model = OrderReply
    extra = 0
    fields = ["round", "text", "submitted_by", "submitted_at", "on_time", "decision", "decided_by", "decided_at",
              "opinion"]


class OrderCardInline(ReadOnlyAdmin, admin.TabularInline):
    model = OrderCard
    extra = 0
    fields = ["kind", "from_state", "to_state", "level", "recipient", "at"]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["id", "kind", "target", "department", "issued_at", "deadline", "status", "state",
                    "escalation_level"]
    list_filter = ["kind", "status", "state", "escalation_level"]
    raw_id_fields = ["case", "item", "department", "issued_by"]
    inlines = [OrderReplyInline, OrderCardInline]


class SuspensionRuleForm(forms.ModelForm):
    procedure = forms.ChoiceField(label=_("特别程序"), choices=procedure_choices)
    roles = forms.MultipleChoiceField(label=_("可暂停计时的角色"), widget=forms.CheckboxSelectMultiple,
                                      choices=[(r, label) for r, label in role_names.ROLE_CHOICES
                                               if r in role_names.STAFF_ROLES])

    class Meta:
        model = SuspensionRule
        fields = ["procedure", "roles", "max_days"]


@admin.register(SuspensionRule)
class SuspensionRuleAdmin(admin.ModelAdmin):
    """The suspension rules table; every change is appended to the supervision log."""

    form = SuspensionRuleForm
    list_display = ["procedure", "roles", "max_days", "updated_at"]

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        obj.updated_at = now
        super().save_model(request, obj, form, change)
        hashlog.append("suspension_rule_changed", {"rule": obj.pk, "procedure": obj.procedure, "roles": obj.roles,
                                                   "max_days": obj.max_days, "actor": request.user.username},
                       now=now)

    def delete_model(self, request, obj):
        hashlog.append("suspension_rule_deleted", {"rule": obj.pk, "procedure": obj.procedure,
                                                   "actor": request.user.username}, now=timezone.now())
        super().delete_model(request, obj)


@admin.register(LogVerification)
class LogVerificationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "ok", "entries_checked", "first_broken_seq", "source",
                    "triggered_by"]
    list_filter = ["ok", "source"]
