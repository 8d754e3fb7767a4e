"""Warning rules API (administrators edit, supervisors read), the rule dry run, and the card list."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import query
from backend.common.errors import DomainError, NotFound

from . import ledger, rules
from .models import Card, WarningRule


class RuleOutputSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", default=None, help_text="Service item code; null = every item")
    department = serializers.CharField(source="department.code", default=None,
                                       help_text="Department code; null = every department")
    trigger = serializers.CharField(help_text="used_percent | days_left | overdue_days | event")
    severity = serializers.CharField(help_text="reminder | yellow | red")
    clock_kind = serializers.CharField(help_text="promised | statutory | step; empty = every clock")

    class Meta:
        model = WarningRule
        fields = ["id", "name", "item", "step", "department", "clock_kind", "trigger", "value", "event", "severity",
                  "enabled", "created_at", "updated_at"]


class RuleInputSerializer(serializers.Serializer):
    """A rule definition (documentation of the body; validation is rules.rule_clean)."""

    name = serializers.CharField(max_length=100)
    item = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="Service item code")
    step = serializers.CharField(required=False, allow_blank=True, help_text="Step code, e.g. review")
    department = serializers.CharField(required=False, allow_null=True, allow_blank=True,
                                       help_text="Department code")
    clock_kind = serializers.CharField(required=False, allow_blank=True, help_text="promised | statutory | step")
    trigger = serializers.CharField(help_text="used_percent | days_left | overdue_days | event")
    value = serializers.IntegerField(required=False, min_value=0,
                                     help_text="percent used, working days left, or working days overdue")
    event = serializers.CharField(required=False, allow_blank=True,
                                  help_text="For event rules: " + ", ".join(rules.EVENTS))
    severity = serializers.CharField(help_text="reminder | yellow | red")
    enabled = serializers.BooleanField(required=False, default=False)


class RulePatchSerializer(RuleInputSerializer):
    name = serializers.CharField(max_length=100, required=False)
    trigger = serializers.CharField(required=False)
    severity = serializers.CharField(required=False)


class RuleListApi(generics.ListAPIView):
    """GET /api/v1/supervision/rules/ (supervisors, administrators); POST creates a rule (administrators)."""

    serializer_class = RuleOutputSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return rules.rule_list_visible_to(user=self.request.user)

    @extend_schema(request=RuleInputSerializer, responses={201: RuleOutputSerializer})
    def post(self, request):
        rule = rules.rule_create(data=request.data, actor=request.user, now=timezone.now())
        return Response(RuleOutputSerializer(rule).data, status=status.HTTP_201_CREATED)


class RuleDetailApi(APIView):
    """GET /api/v1/supervision/rules/{id}/; PATCH changes it (e.g. `{"enabled": true}`), administrators only."""

    def _get(self, request, pk: int) -> WarningRule:
        rule = rules.rule_list_visible_to(user=request.user).filter(pk=pk).first()
        if rule is None:
            raise NotFound(_("预警规则不存在。"))
        return rule

    @extend_schema(responses=RuleOutputSerializer)
    def get(self, request, pk: int):
        return Response(RuleOutputSerializer(self._get(request, pk)).data)

    @extend_schema(request=RulePatchSerializer, responses=RuleOutputSerializer)
    def patch(self, request, pk: int):
        rule = rules.rule_update(rule=self._get(request, pk), data=request.data, actor=request.user,
                                 now=timezone.now())
        return Response(RuleOutputSerializer(rule).data)


class DryRunChangeSerializer(serializers.Serializer):
    clock = serializers.IntegerField()
    case = serializers.CharField()
    kind = serializers.CharField()
    step = serializers.CharField()
    department = serializers.CharField(allow_null=True)
    state = serializers.CharField(help_text="The clock's state now")
    new_state = serializers.CharField(help_text="Its state with the rule enabled")
    reminder = serializers.BooleanField(help_text="The rule (a reminder) would fire for this clock")
    caused_by_rule = serializers.BooleanField()
    deadline = serializers.DateField()
    used_working_days = serializers.IntegerField()
    remaining_working_days = serializers.IntegerField()


class DryRunInputSerializer(RulePatchSerializer):
    id = serializers.IntegerField(required=False, help_text="A saved rule; other fields override its values")
    at = serializers.DateTimeField(required=False, help_text="Evaluate at this moment instead of now")


class RuleDryRunApi(APIView):
    """POST /api/v1/supervision/rules/dry-run/ — which open clocks would change today, and to what, if
    this rule (a saved one by `id`, with optional changes, or an unsaved definition) were enabled.
    Writes nothing; administrators and supervisors."""

    @extend_schema(request=DryRunInputSerializer, responses=inline_serializer("RuleDryRunOutput", {
        "evaluated": serializers.IntegerField(),
        "counts": serializers.DictField(child=serializers.IntegerField(),
                                        help_text="Changes by new state (yellow, red, green) or `reminder`"),
        "truncated": serializers.BooleanField(),
        "changes": DryRunChangeSerializer(many=True),
    }))
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else None
        if data is None:
            raise DomainError.single(None, "invalid", _("请求体应为 JSON 对象。"))
        saved = None
        if data.get("id") is not None:
            try:
                saved = rules.rule_list_visible_to(user=request.user).filter(pk=int(data["id"])).first()
            except (TypeError, ValueError):
                raise DomainError.single("id", "invalid", _("规则编号应为整数。")) from None
            if saved is None:
                raise DomainError.single("id", "not_found", _("预警规则不存在。"))
        else:
            rules.rule_list_visible_to(user=request.user)  # the permission check
        now = timezone.now()
        if data.get("at") not in (None, ""):
            now = parse_datetime(str(data["at"]))
            if now is None:
                raise DomainError.single("at", "invalid", _("at 应为 ISO 8601 日期时间。"))
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        values = rules.rule_clean({k: v for k, v in data.items() if k not in ("id", "at")}, rule=saved)
        spec = rules.spec_from(values, id=saved.pk if saved else None)
        return Response(rules.rule_dry_run(spec=spec, now=now))


class CardListApi(generics.ListAPIView):
    """GET /api/v1/supervision/cards/?state=yellow|red|reminder&department=CODE&since=2026-10-01 —
    warning cards with rule, responsible person and department; supervisors and administrators."""

    class CardOutputSerializer(serializers.ModelSerializer):
        case = serializers.CharField(source="case.number")
        item = serializers.CharField(source="case.item.code")
        clock = serializers.CharField(source="clock.kind", default=None, help_text="promised | statutory | step")
        from_state = serializers.CharField()
        to_state = serializers.CharField()
        severity = serializers.CharField(help_text="reminder | yellow | red; empty for other state changes")
        rule = serializers.SerializerMethodField()
        department = serializers.SerializerMethodField()
        responsible = serializers.CharField(source="responsible.username", default=None)
        annulled_at = serializers.DateTimeField(
            allow_null=True, help_text="Set when the card no longer holds (a calendar change); never deleted")
        annulment_reason = serializers.CharField()

        class Meta:
            model = Card
            fields = ["id", "case", "item", "clock", "step", "from_state", "to_state", "severity", "rule",
                      "department", "responsible", "at", "annulled_at", "annulment_reason"]

        def get_rule(self, card) -> dict | None:
            return {"id": card.rule_id, "name": card.rule.name} if card.rule_id else None

        def get_department(self, card) -> dict | None:
            d = card.department
            return {"code": d.code, "name": d.name} if d else None

    serializer_class = CardOutputSerializer
    filter_backends: list = []

    filters = query.Filters((
        query.choice("state", ["green", "yellow", "red", "suspended", "completed", "reminder"]),
        query.text("department", 32, "Department code"), query.text("since", 40, "Date or ISO 8601 date-time"),
    ), paginated=True)

    def get_queryset(self):
        params = self.filters.read(self.request.query_params)
        since = None
        if params["since"]:
            raw = params["since"]
            since = parse_datetime(raw)
            if since is None and parse_date(raw) is not None:
                since = ledger.day_start(parse_date(raw))
            if since is None:
                raise DomainError.single("since", "invalid", _("since 应为日期（2026-10-01）或日期时间。"))
            if timezone.is_naive(since):
                since = timezone.make_aware(since)
        return rules.card_list_visible_to(user=self.request.user, state=params["state"],
                                          department=params["department"], since=since)

    @extend_schema(parameters=filters.parameters())
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
