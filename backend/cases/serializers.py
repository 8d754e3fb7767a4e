from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .extensions import case_section
from .models import Case, CaseEvent, CaseMaterial


class ApplicantInputSerializer(serializers.Serializer):
    """Documents the applicant block; validation with field-level reasons is in applicants.py."""

    type = serializers.ChoiceField(choices=["person", "company"])
    name = serializers.CharField()
    id_number = serializers.CharField(required=False)
    credit_code = serializers.CharField(required=False)
    contact_name = serializers.CharField(required=False)
    mobile = serializers.CharField()


class CaseFileInputSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="Service item code")
    channel = serializers.ChoiceField(choices=Case.Channel.choices)
    applicant = ApplicantInputSerializer()


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_full_name", default=None)
    kind_display = serializers.CharField(source="get_kind_display")

    class Meta:
        model = CaseEvent
        fields = ["kind", "kind_display", "step", "actor", "actor_title", "opinion", "data", "created_at"]


class CaseMaterialSerializer(serializers.ModelSerializer):
    requirement = serializers.CharField(source="requirement.name", default=None)

    class Meta:
        model = CaseMaterial
        fields = ["id", "original_name", "requirement", "content_type", "size", "sha256", "uploaded_at",
                  "removed_at", "removal_reason"]


class CaseApplicantSerializer(serializers.Serializer):
    type = serializers.CharField(source="applicant_type")
    name = serializers.CharField(source="applicant_name")
    id_number = serializers.CharField()
    credit_code = serializers.CharField()
    contact_name = serializers.CharField()
    mobile = serializers.CharField()


class CaseListSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    department = serializers.CharField(source="item.department.name")
    applicant_name = serializers.CharField()

    class Meta:
        model = Case
        fields = ["number", "query_code", "item", "item_name", "department", "channel", "status", "decision",
                  "applicant_name", "filed_at", "accepted_at", "completed_at"]


class ClockEntrySerializer(serializers.Serializer):
    reason = serializers.CharField()
    legal_basis = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, help_text="Suspensions; null while open")
    days = serializers.IntegerField(required=False, help_text="Extensions: working days added")
    actor = serializers.CharField(allow_null=True)
    approved_by = serializers.CharField(required=False, allow_null=True,
                                        help_text="Extensions; suspensions past the rules table's limit: the leader")
    procedure = serializers.CharField(required=False, allow_blank=True, help_text="Suspensions: the procedure code")
    expected_days = serializers.IntegerField(required=False, allow_null=True,
                                             help_text="Suspensions: the expected length in working days")


class StepClockSerializer(serializers.Serializer):
    step = serializers.CharField()
    department = serializers.CharField(allow_null=True)
    state = serializers.CharField()
    budget_days = serializers.IntegerField()
    start_date = serializers.DateField()
    deadline = serializers.DateField(allow_null=True)
    used_working_days = serializers.IntegerField(allow_null=True)
    remaining_working_days = serializers.IntegerField(allow_null=True)
    deadline_provisional = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)


class DeadlineChangeSerializer(serializers.Serializer):
    clock = serializers.ChoiceField(choices=["promised", "statutory"])
    before = serializers.DateField(allow_null=True)
    after = serializers.DateField(allow_null=True)
    at = serializers.DateTimeField()
    reason = serializers.CharField(help_text="Why it moved, e.g. the new year's holiday notice was imported")


class CaseClockSerializer(serializers.Serializer):
    """The shape of the "clock" section that the supervision app supplies (documentation only)."""

    state = serializers.ChoiceField(choices=["green", "yellow", "red", "suspended", "completed"],
                                    help_text="An overdue clock stays red while suspended (see is_suspended)")
    is_suspended = serializers.BooleanField(help_text="A suspension is running (the state may still be red)")
    promised_deadline = serializers.DateField(allow_null=True, help_text="Derived from the time ledger today")
    promised_deadline_told = serializers.DateField(
        allow_null=True, help_text="The date told to the applicant at acceptance; never rewritten")
    statutory_deadline = serializers.DateField(allow_null=True)
    used_working_days = serializers.IntegerField(allow_null=True)
    remaining_working_days = serializers.IntegerField(allow_null=True, help_text="Negative: working days overdue")
    suspensions = ClockEntrySerializer(many=True)
    extensions = ClockEntrySerializer(many=True)
    explanation = serializers.CharField()
    statutory_breach = serializers.BooleanField()
    deadline_provisional = serializers.BooleanField(
        help_text="The promised or statutory deadline passes through a year whose State Council holiday notice "
                  "is not imported yet: computed from the statutory holidays, recalculated on import")
    promised_deadline_provisional = serializers.BooleanField()
    statutory_deadline_provisional = serializers.BooleanField()
    provisional_years = serializers.ListField(child=serializers.IntegerField())
    deadline_note = serializers.CharField(help_text="What to tell the applicant about a provisional deadline")
    deadline_changes = DeadlineChangeSerializer(many=True)
    steps = StepClockSerializer(many=True)


class CasePublicClockSerializer(serializers.Serializer):
    """The "clock_public" section (documentation only): no names, no ledger details."""

    state = serializers.ChoiceField(choices=["green", "yellow", "red", "suspended", "completed"])
    promised_deadline_told = serializers.DateField(allow_null=True)
    promised_deadline = serializers.DateField(allow_null=True)
    statutory_deadline = serializers.DateField(allow_null=True)
    deadline_provisional = serializers.BooleanField()
    promised_deadline_provisional = serializers.BooleanField()
    statutory_deadline_provisional = serializers.BooleanField()
    deadline_note = serializers.CharField()
    suspended = serializers.BooleanField()
    deadline_changes = DeadlineChangeSerializer(many=True)


class CaseCertificateSerializer(serializers.Serializer):
    """The "certificate" section that the certificates app supplies (documentation only)."""

    number = serializers.CharField()
    title = serializers.CharField()
    holder = serializers.CharField()
    scope = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True, help_text="null: 长期有效 (no end)")
    status = serializers.ChoiceField(choices=["valid", "not_yet_valid", "expired", "revoked"],
                                     help_text="On the day the case is read")
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()


class CaseDeliverySerializer(serializers.Serializer):
    """The "delivery" section that the certificates app supplies (documentation only)."""

    method = serializers.ChoiceField(choices=["window", "post", "electronic"])
    method_label = serializers.CharField()
    delivered_on = serializers.DateField()
    recipient = serializers.CharField()
    tracking_number = serializers.CharField()
    confirmation = serializers.CharField()
    proof = serializers.DictField(allow_null=True, help_text="The signed receipt's name, content_type, size, sha256")
    recorded_at = serializers.DateTimeField()


class CaseDetailSerializer(CaseListSerializer):
    applicant = CaseApplicantSerializer(source="*")
    guide_version = serializers.IntegerField(source="guide.version")
    process_version = serializers.IntegerField(source="process_version.version", allow_null=True, default=None)
    events = CaseEventSerializer(many=True, read_only=True)
    materials = CaseMaterialSerializer(many=True, read_only=True)
    clock = serializers.SerializerMethodField(help_text="null until the case is accepted")
    certificate = serializers.SerializerMethodField(help_text="null until a certificate is issued (制证)")
    delivery = serializers.SerializerMethodField(help_text="null until the delivery is recorded (送达)")

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "applicant", "guide_version", "process_version", "missing_materials", "status_reason", "materials",
            "events", "clock", "certificate", "delivery",
        ]

    def _today(self):
        return timezone.localdate(self.context.get("now") or timezone.now())

    @extend_schema_field(CaseClockSerializer(allow_null=True))
    def get_clock(self, case) -> dict | None:
        return case_section("clock", case, self._today())

    @extend_schema_field(CaseCertificateSerializer(allow_null=True))
    def get_certificate(self, case) -> dict | None:
        return case_section("certificate", case, self._today())

    @extend_schema_field(CaseDeliverySerializer(allow_null=True))
    def get_delivery(self, case) -> dict | None:
        return case_section("delivery", case, self._today())


class CasePublicSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name")
    department = serializers.CharField(source="item.department.name")
    status_display = serializers.CharField(source="get_status_display")
    timeline = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField(help_text="null until the case is accepted")

    class Meta:
        model = Case
        fields = ["number", "item_name", "department", "status", "status_display", "decision", "filed_at",
                  "accepted_at", "completed_at", "missing_materials", "timeline", "clock"]

    @extend_schema_field(CasePublicClockSerializer(allow_null=True))
    def get_clock(self, case) -> dict | None:
        today = timezone.localdate(self.context.get("now") or timezone.now())
        return case_section("clock_public", case, today)

    def get_timeline(self, case) -> list[dict]:
        return [{"kind": e.kind, "kind_display": e.get_kind_display(), "created_at": e.created_at}
                for e in case.events.all() if e.kind not in CaseEvent.INTERNAL_KINDS]
