from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from .models import GuideVersion, LegalBasis, MaterialRequirement, ProcessStep, ServiceItem
from .process_config import StepSpec, process_config_errors
from .selectors import guide_current


class ProcessStepFormSet(BaseInlineFormSet):
    """Rejects a process that lacks required steps or whose budgets exceed the promised limit."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        specs = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("step"):
                continue
            specs.append(StepSpec(data["step"], data["department"].pk, data["role"], data["budget_days"]))
        item = self.instance
        guide = guide_current(item=item, on=timezone.localdate()) if item.pk else None
        kind = item.kind
        errors = process_config_errors(kind=kind, steps=specs,
                                       promised_limit_days=guide.promised_limit_days if guide else None)
        if errors:
            raise ValidationError(errors)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    extra = 0


class GuideInline(admin.TabularInline):
    model = GuideVersion
    fields = ("version", "effective_from", "statutory_limit_days", "promised_limit_days")
    show_change_link = True
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "department", "is_active")
    list_filter = ("kind", "department", "is_active")
    search_fields = ("code", "name")
    inlines = [GuideInline, ProcessStepInline]


class LegalBasisInline(admin.StackedInline):
    model = LegalBasis
    extra = 0


class MaterialInline(admin.TabularInline):
    model = MaterialRequirement
    extra = 0


@admin.register(GuideVersion)
class GuideVersionAdmin(admin.ModelAdmin):
    list_display = ("item", "version", "effective_from", "statutory_limit_days", "promised_limit_days")
    list_filter = ("item__department",)
    search_fields = ("item__name", "item__code")
    inlines = [LegalBasisInline, MaterialInline]
