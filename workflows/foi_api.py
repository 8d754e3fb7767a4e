"""APIs that file an information request or advance its process (/api/v1/foi/): filing online, by
post or in person; confirming an online request's receipt; submitting the drafted reply; the office
head's sign-off or send-back; the delivery record. Reads and the other actions: backend/foi/api.py."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.api import request_object
from backend.foi import selectors
from backend.foi.api import InfoRequestSerializer, RequestListApi
from backend.foi.models import InfoRequest

from . import decisions, foi


class FoiApplicantInput(serializers.Serializer):
    type = serializers.ChoiceField(choices=["person", "company"])
    name = serializers.CharField()
    id_number = serializers.CharField(required=False)
    credit_code = serializers.CharField(required=False)
    contact_name = serializers.CharField(required=False)
    mobile = serializers.CharField()


class FoiRequestFileInput(serializers.Serializer):
    organ = serializers.IntegerField(help_text="id of the organ (GET /api/v1/foi/organs/)")
    channel = serializers.ChoiceField(choices=InfoRequest.Channel.choices)
    applicant = FoiApplicantInput()
    organisation_kind = serializers.ChoiceField(choices=InfoRequest.OrganisationKind.choices, required=False,
                                                help_text="Required for an organisation (company)")
    description = serializers.CharField()
    form = serializers.ChoiceField(choices=InfoRequest.Form.choices)
    delivery_way = serializers.ChoiceField(choices=InfoRequest.DeliveryWay.choices)
    address = serializers.CharField(required=False)
    email = serializers.EmailField(required=False)
    post_kind = serializers.ChoiceField(choices=["signed", "ordinary"], required=False,
                                        help_text="By post: signed (registered, courier) or ordinary letter")
    signed_on = serializers.DateField(required=False,
                                      help_text="By post: the day signed for, or confirmed with the applicant")


class RequestCollectionApi(RequestListApi):
    """GET lists the requests the caller may see; POST files one (online: the signed-in applicant;
    post and in person: the organ's staff, which registers and accepts it at once)."""

    @extend_schema(request=FoiRequestFileInput, responses={201: InfoRequestSerializer})
    def post(self, request):
        data = request_object(request)
        info = foi.foi_file(organ_id=data.get("organ"), channel=data.get("channel"), applicant=data.get("applicant"),
                            data=data, actor=request.user, now=timezone.now())
        return Response(InfoRequestSerializer(info).data, status=201)


class FoiOpinionInput(serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=decisions.OPINION_MAX_LENGTH)


def _step_api(action, *, doc: str, opinion_required: bool = False):
    class StepApi(APIView):
        @extend_schema(request=FoiOpinionInput, responses=InfoRequestSerializer, description=doc)
        def post(self, request, number: str):
            info = selectors.request_get_visible(number=number, user=request.user)
            opinion = str(request_object(request).get("opinion") or "")
            action(request=info, actor=request.user, now=timezone.now(), **({"opinion": opinion} if opinion or
                                                                            opinion_required else {}))
            info.refresh_from_db()
            return Response(InfoRequestSerializer(info).data)

    StepApi.__name__ = StepApi.__qualname__ = f"{action.__name__.title().replace('_', '')}Api"
    return StepApi


RequestConfirmApi = _step_api(foi.foi_confirm, doc="受理登记: the organ confirms an online request's receipt.")
RequestSubmitApi = _step_api(foi.foi_submit, doc="承办: the drafted reply goes to the office head.")
RequestSignApi = _step_api(foi.foi_sign, doc="审签: the office head signs the reply off; the letter is fixed.")
RequestSendBackApi = _step_api(foi.foi_send_back, opinion_required=True,
                               doc="审签: the office head returns the draft to 承办 with the reason.")


class FoiDeliverInput(serializers.Serializer):
    delivery_method = serializers.ChoiceField(choices=["window", "post", "electronic"])
    delivered_on = serializers.DateField()
    recipient = serializers.CharField()
    tracking_number = serializers.CharField(required=False)
    confirmation = serializers.CharField(required=False)
    proof = serializers.FileField(required=False, help_text="The signed receipt's scan (window, post)")
    opinion = serializers.CharField(required=False, allow_blank=True)


class RequestDeliverApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request={"application/json": FoiDeliverInput, "multipart/form-data": FoiDeliverInput},
                   responses=InfoRequestSerializer, description="送达: the delivery record; the case completes.")
    def post(self, request, number: str):
        info = selectors.request_get_visible(number=number, user=request.user)
        data = request_object(request)
        fields = decisions.STEP_FIELDS["deliver"]
        step_input = {k: data.get(k) for k in fields if k in data and k not in decisions.FILE_FIELDS}
        if request.FILES.get("proof") is not None:
            step_input["proof"] = request.FILES["proof"]
        foi.foi_deliver(request=info, step_input=step_input, actor=request.user, now=timezone.now(),
                        opinion=str(data.get("opinion") or ""))
        info.refresh_from_db()
        return Response(InfoRequestSerializer(info).data)
