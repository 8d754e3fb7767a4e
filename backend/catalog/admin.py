from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import GuideVersion, LegalBasis, MaterialRequirement, ProcessStep, ServiceItem
from .process_config import StepSpec, process_config_errors
from .selectors import guide_current, process_diagram, process_steps_for_guide, unstaffed_steps


def process_problems(item: ServiceItem, specs: list[StepSpec], names: dict[int, str]) -> list[str]:
    """What is wrong with a process, in words: the rules (process_config) against the guide in force,
    and steps nobody may do. `names`: department names by id."""
    guide = guide_current(item=item, on=timezone.localdate()) if item.pk else None
    errors = process_config_errors(kind=item.kind, steps=specs,
                                   promised_limit_days=guide.promised_limit_days if guide else None,
                                   statutory_limit_days=guide.statutory_limit_days if guide else None)
    for department_id, role in dict.fromkeys(unstaffed_steps([(s.department_id, s.role) for s in specs])):
        errors.append(_("“%(department)s”没有可办理该环节的在岗人员（角色：%(role)s），请先配置人员。")
                      % {"department": names.get(department_id, department_id), "role": role})
    return errors


class ProcessStepFormSet(BaseInlineFormSet):
    """Rejects, in words, a process that lacks required steps, has them out of order, exceeds the
    promised limit (or the promised the statutory one), or has a step nobody may do."""

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
        specs = [StepSpec(d["step"], d["department"].pk, d["role"], d["budget_days"]) for _, _, d in rows]
        names = {d["department"].pk: d["department"].name for _, _, d in rows}
        errors = process_problems(self.instance, specs, names)
        if errors:
            raise ValidationError(errors)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    fields = ("position", "step", "department", "role", "budget_days")
    ordering = ("position", "id")
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
    readonly_fields = ("process_preview",)
    inlines = [GuideInline, ProcessStepInline]

    class Media:
        css = {"all": ("diagram.css",)}

    @admin.display(description=gettext_lazy("流程图预览"))
    def process_preview(self, item: ServiceItem):
        """The saved process as applicants will see it on the guide page, with what is wrong with it."""
        if not item.pk:
            return _("保存后显示流程图。")
        steps = process_steps_for_guide(item)
        specs = [StepSpec(s["step"], s["department_id"], s["role"], s["budget_days"]) for s in steps]
        problems = process_problems(item, specs, {s["department_id"]: s["department"] for s in steps}) if steps else []
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
