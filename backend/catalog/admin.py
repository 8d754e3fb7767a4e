from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .admin_versions import ProcessVersionInline, PublishProcessMixin
from .models import GuideVersion, LegalBasis, MaterialRequirement, ProcessStep, ServiceItem
from .process_config import StepSpec
from .selectors import process_diagram
from .services import draft_problems, draft_steps, process_problems


class ProcessStepFormSet(BaseInlineFormSet):
    """Rejects, in words, a process that lacks required steps, has them out of order, exceeds the
    promised limit (or the promised the statutory one), or has a step nobody may do. These rows are
    the draft: cases run on a published version (admin_versions.py)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("step"):
                continue
            rows.append((data.get("position") or 0, len(rows), data))
        positions = [p for p, _, _ in rows]
        if len(set(positions)) != len(positions):
            raise ValidationError(_("各环节的顺序号不能重复。"))
        rows.sort(key=lambda r: r[:2])
        specs = [StepSpec(d["step"], d["department"].pk, d["role"], d["budget_days"], d.get("day_kind") or "working",
                          d.get("post") or "") for _, _, d in rows]
        errors = process_problems(item=self.instance, specs=specs, on=timezone.localdate(),
                                  department_names={d["department"].pk: d["department"].name for _, _, d in rows})
        if errors:
            raise ValidationError(errors)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    fields = ("position", "step", "department", "role", "post", "budget_days", "day_kind")
    ordering = ("position", "id")
    extra = 0


class GuideInline(admin.TabularInline):
    model = GuideVersion
    fields = ("version", "effective_from", "statutory_limit_days", "promised_limit_days")
    show_change_link = True
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(PublishProcessMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "department", "is_active")
    list_filter = ("kind", "department", "is_active")
    search_fields = ("code", "name")
    readonly_fields = ("process_preview",)
    inlines = [GuideInline, ProcessStepInline, ProcessVersionInline]

    class Media:
        css = {"all": ("diagram.css",)}

    @admin.display(description=gettext_lazy("流程图预览"))
    def process_preview(self, item: ServiceItem):
        """The saved steps (the draft the next version would publish) as applicants would see them on
        the guide page, with what stops their publication."""
        if not item.pk:
            return _("保存后显示流程图。")
        steps = draft_steps(item)
        problems = draft_problems(item=item, steps=steps, on=timezone.localdate()) if steps else []
        return render_to_string("catalog/_process_preview.html", {
            "diagram": process_diagram(steps), "problems": problems, "flow_id": "admin-flow"})


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
