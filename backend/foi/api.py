"""APIs of information requests under /api/v1/foi/: reading requests, the actions that leave the
process where it is (extension, 补正, consultations, drafting the reply, files), the reply letter, the
model replies, and the applicant's tracking by number + query code. Filing and the process steps
(confirm, submit, sign, deliver) are in workflows/foi_api.py."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.cases.extensions import case_section
from backend.common import query
from backend.common.api import request_object
from backend.common.attempts import client_address
from backend.common.downloads import content_disposition
from backend.common.errors import DomainError, NotFound
from backend.supervision.models import Clock

from . import replies, selectors, services
from .models import Consultation, InfoRequest, ReplyFile, ReplyTemplate


class FoiConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consultation
        fields = ["id", "kind", "party", "sent_at", "due_on", "answered_at", "opinion", "lapsed"]


class FoiReplyFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyFile
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class InfoRequestSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number")
    status = serializers.CharField(source="case.status")
    organ = serializers.CharField(source="organ.code")
    organ_name = serializers.CharField(source="organ.name")
    applicant_type = serializers.CharField(source="case.applicant_type")
    applicant_name = serializers.CharField(source="case.applicant_name")
    stage = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField()
    consultations = FoiConsultationSerializer(many=True, read_only=True)
    files = FoiReplyFileSerializer(many=True, read_only=True)
    signed = serializers.SerializerMethodField()

    class Meta:
        model = InfoRequest
        fields = ["number", "status", "stage", "organ", "organ_name", "channel", "applicant_type", "applicant_name",
                  "organisation_kind", "description", "form", "delivery_way", "address", "email", "received_on",
                  "received_basis", "registered_at", "supplement_requested_at", "supplement_request",
                  "supplement_due_on", "supplement_answered_at", "supplement_answer", "reply_type", "reply_ground",
                  "reply_data", "reply_text", "replied_at", "signed", "signed_at", "closed_at", "clock",
                  "consultations", "files"]

    def get_stage(self, obj) -> str:
        return selectors.stage(obj)

    def get_signed(self, obj) -> bool:
        return obj.signed_at is not None

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_clock(self, obj):
        return case_section("clock", obj.case, timezone.localdate())


class InfoRequestListSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number")
    status = serializers.CharField(source="case.status")
    applicant_name = serializers.CharField(source="case.applicant_name")
    clock_state = serializers.CharField(allow_null=True)
    clock_deadline = serializers.DateField(allow_null=True)

    class Meta:
        model = InfoRequest
        fields = ["number", "status", "channel", "applicant_name", "description", "received_on", "reply_type",
                  "reply_ground", "closed_at", "clock_state", "clock_deadline"]


REQUEST_FILTERS = query.Filters((
    query.choice("state", ["open", "closed"]), query.choice("clock", Clock.State.values),
    query.choice("channel", InfoRequest.Channel.values), query.choice("reply_type", InfoRequest.ReplyType.values),
    query.day("received_from"), query.day("received_to"),
    query.text("q", 60, "part of the number, the applicant's name or the description"),
), paginated=True)


class RequestListApi(generics.ListAPIView):
    """The requests the caller may see, newest receipt first."""
    serializer_class = InfoRequestListSerializer
    filter_backends: list = []

    def get_queryset(self):
        REQUEST_FILTERS.read(self.request.query_params)  # the selector then reads only valid values
        return selectors.request_filter(selectors.request_list_visible_to(user=self.request.user),
                                        self.request.query_params)

    @extend_schema(parameters=REQUEST_FILTERS.parameters())
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RequestDetailApi(APIView):
    @extend_schema(responses=InfoRequestSerializer)
    def get(self, request, number: str):
        return Response(InfoRequestSerializer(selectors.request_get_visible(number=number, user=request.user)).data)


def _detail(info: InfoRequest, status: int = 200) -> Response:
    info.refresh_from_db()
    return Response(InfoRequestSerializer(info).data, status=status)


class FoiExtendInput(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=20, help_text="Working days, at most 20 (art. 33)")
    reason = serializers.CharField(max_length=200)


class RequestExtendApi(APIView):
    @extend_schema(request=FoiExtendInput, responses=InfoRequestSerializer,
                   description="The head of the organ's disclosure office extends the term once (art. 33).")
    def post(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        data = request_object(request)
        services.request_extend(request=info, days=data.get("days"), reason=data.get("reason"), actor=request.user,
                                now=timezone.now())
        return _detail(info)


class FoiSupplementInput(serializers.Serializer):
    supplement_request = serializers.CharField(max_length=2000)
    days = serializers.IntegerField(required=False, min_value=1, max_value=30,
                                    help_text="Working days the applicant has (default 10)")


class RequestSupplementApi(APIView):
    @extend_schema(request=FoiSupplementInput, responses=InfoRequestSerializer,
                   description="One 补正 notice within 7 working days of receipt (art. 30).")
    def post(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        data = request_object(request)
        services.supplement_request(request=info, text=data.get("supplement_request"), days=data.get("days"),
                                    actor=request.user, now=timezone.now())
        return _detail(info)


class FoiAnswerInput(serializers.Serializer):
    supplement_answer = serializers.CharField(max_length=4000)


class RequestSupplementAnswerApi(APIView):
    @extend_schema(request=FoiAnswerInput, responses=InfoRequestSerializer,
                   description="Staff record a correction that came by post or in person; the term restarts.")
    def post(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        services.supplement_answer(request=info, answer=request_object(request).get("supplement_answer"),
                                   actor=request.user, now=timezone.now())
        return _detail(info)


class FoiConsultationInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Consultation.Kind.choices)
    party = serializers.CharField(max_length=200)
    days = serializers.IntegerField(required=False, min_value=1, max_value=20,
                                    help_text="Another organ's period (a third party always has 15)")


class RequestConsultationApi(APIView):
    @extend_schema(request=FoiConsultationInput, responses={201: FoiConsultationSerializer})
    def post(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        data = request_object(request)
        row = services.consultation_open(request=info, kind=data.get("kind"), party=data.get("party"),
                                         days=data.get("days"), actor=request.user, now=timezone.now())
        return Response(FoiConsultationSerializer(row).data, status=201)


class FoiConsultationCloseInput(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    lapsed = serializers.BooleanField(required=False, default=False)


class ConsultationCloseApi(APIView):
    @extend_schema(request=FoiConsultationCloseInput, responses=FoiConsultationSerializer)
    def post(self, request, number: str, consultation_id: int):
        info = selectors.request_get_visible(number=number, user=request.user)
        row = info.consultations.filter(pk=consultation_id).first()
        if row is None:
            raise NotFound(_("征求意见记录不存在。"))
        data = request_object(request)
        row = services.consultation_close(consultation=row, opinion=data.get("opinion"),
                                          lapsed=data.get("lapsed") in (True, "true", "1", "on"), actor=request.user,
                                          now=timezone.now())
        return Response(FoiConsultationSerializer(row).data)


class FoiReplyInput(serializers.Serializer):
    reply_type = serializers.ChoiceField(choices=InfoRequest.ReplyType.choices)
    reply_ground = serializers.ChoiceField(choices=InfoRequest.Ground.choices, required=False, allow_blank=True)
    reply_data = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False,
                                       help_text="location, provided, redacted, reason, responsible_organ, "
                                                 "responsible_contact, previous_reply, channel_name, detail")
    reply_text = serializers.CharField(required=False, allow_blank=True,
                                       help_text="The letter's text; empty: filled from the model reply")


class RequestReplyApi(APIView):
    @extend_schema(request=FoiReplyInput, responses=InfoRequestSerializer,
                   description="承办 drafts the reply (arts. 36–37) from the model reply of its type.")
    def post(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        data = request_object(request)
        replies.reply_draft(request=info, reply_type=data.get("reply_type"), reply_ground=data.get("reply_ground"),
                            reply_data=data.get("reply_data") or {}, text=data.get("reply_text"), actor=request.user,
                            now=timezone.now())
        return _detail(info)


class FoiUploadInput(serializers.Serializer):
    file = serializers.FileField()


class RequestFileApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": FoiUploadInput}, responses={201: FoiReplyFileSerializer})
    def post(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        row = replies.reply_file_add(request=info, uploaded_file=request.FILES.get("file"), actor=request.user,
                                     now=timezone.now())
        return Response(FoiReplyFileSerializer(row).data, status=201)


def reply_pdf_response(info: InfoRequest, *, staff: bool) -> HttpResponse:
    """The signed letter; for staff before sign-off, the draft (marked as such)."""
    if info.reply_pdf:
        content = info.reply_pdf.open("rb").read()
    elif staff and info.reply_type:
        content = replies.reply_pdf_bytes(info, today=timezone.localdate(), draft=True)
    else:
        raise NotFound(_("答复书尚未生成。"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"政府信息公开申请答复书-{info.case.number}.pdf",
                                                          ascii_name=f"foi-reply-{info.case.number}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


class RequestReplyPdfApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        staff = bool(getattr(request.user, "is_staff_member", False)) and info.organ_id in request.user.department_ids
        return reply_pdf_response(info, staff=staff)


class FoiTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyTemplate
        fields = ["reply_type", "title", "body", "updated_at"]


class TemplateListApi(generics.ListAPIView):
    """The model replies (依申请公开答复示范文本), one per reply type."""
    serializer_class = FoiTemplateSerializer
    pagination_class = None

    def get_queryset(self):
        if not getattr(self.request.user, "is_staff_member", False) and not self.request.user.is_superuser:
            return ReplyTemplate.objects.none()
        return ReplyTemplate.objects.all()


class FoiPublicInput(serializers.Serializer):
    number = serializers.CharField()
    query_code = serializers.CharField()
    supplement_answer = serializers.CharField(required=False, max_length=4000)


class FoiPublicRequestSerializer(serializers.Serializer):
    number = serializers.CharField(source="case.number")
    organ_name = serializers.CharField(source="organ.name")
    received_on = serializers.DateField()
    stage = serializers.SerializerMethodField()
    supplement_request = serializers.CharField()
    supplement_due_on = serializers.DateField(allow_null=True)
    reply_type = serializers.CharField()
    replied_at = serializers.DateTimeField(allow_null=True)
    reply_ready = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField()

    def get_stage(self, obj) -> str:
        return selectors.stage(obj)

    def get_reply_ready(self, obj) -> bool:
        return bool(obj.reply_pdf)

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_clock(self, obj):
        return case_section("clock_public", obj.case, timezone.localdate())


class _PublicApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def lookup(self, request) -> tuple[InfoRequest, dict]:
        data = request_object(request)
        return selectors.request_public_lookup(number=str(data.get("number") or ""),
                                               query_code=str(data.get("query_code") or ""),
                                               client=client_address(request)), data


class PublicLookupApi(_PublicApi):
    @extend_schema(request=FoiPublicInput, responses=FoiPublicRequestSerializer,
                   description="The applicant's tracking by number + query code (guessing is braked).")
    def post(self, request):
        info, _data = self.lookup(request)
        return Response(FoiPublicRequestSerializer(info).data)


class PublicSupplementApi(_PublicApi):
    @extend_schema(request=FoiPublicInput, responses=FoiPublicRequestSerializer,
                   description="The applicant answers the 补正 notice; the term restarts from today.")
    def post(self, request):
        info, data = self.lookup(request)
        if "supplement_answer" not in data:
            raise DomainError.single("supplement_answer", "required", _("请填写补正内容。"))
        services.supplement_answer(request=info, answer=data.get("supplement_answer"), actor=None, now=timezone.now())
        info.refresh_from_db()
        return Response(FoiPublicRequestSerializer(info).data)


class PublicReplyPdfApi(_PublicApi):
    @extend_schema(request=FoiPublicInput, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def post(self, request):
        info, _data = self.lookup(request)
        return reply_pdf_response(info, staff=False)


ORGAN_FILTERS = query.Filters((query.text("q", 60, "part of the organ's name"),))


class OrganChoicesApi(APIView):
    """The organs that take information requests (for a filing form)."""
    permission_classes = [AllowAny]

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"}}}}},
        parameters=ORGAN_FILTERS.parameters())
    def get(self, request):
        from backend.accounts.models import Department

        from .organs import ITEM_PREFIX

        q = ORGAN_FILTERS.read(request.query_params)["q"]
        organs = Department.objects.filter(items__code__startswith=ITEM_PREFIX, items__is_active=True).distinct()
        organs = organs.filter(name__icontains=q) if q else organs
        return Response([{"id": d.pk, "code": d.code, "name": d.name} for d in organs.order_by("code")])
