"""APIs that start or advance the permit process: filing, resubmission and the task inbox."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.status import STATUS

from backend.cases.api import CaseListApi
from backend.cases.selectors import acceptance_materials, case_get_visible
from backend.cases.serializers import CaseDetailSerializer, CaseFileInputSerializer
from backend.catalog.step_types import CERTIFY
from backend.certificates import rules as certificate_rules
from backend.common import query
from backend.common.api import request_object
from backend.common.errors import DomainError, NotFound, unknown_fields

from . import decisions, selectors, services


def _reject_read_only(user) -> None:
    if user.is_supervisor and not user.is_staff_member:
        raise DomainError.single(None, "forbidden", _("监察人员只能查看，不能修改办件。"), status=403)


class CaseCollectionApi(CaseListApi):
    """GET lists the cases the caller may see; POST files a new case and starts its process."""

    @extend_schema(request=CaseFileInputSerializer, responses={201: CaseDetailSerializer})
    def post(self, request):
        _reject_read_only(request.user)
        data = request_object(request)
        case = services.case_file_and_start(
            item_code=str(data.get("item") or ""), channel=str(data.get("channel") or ""),
            applicant=data.get("applicant"), actor=request.user, now=timezone.now(),
        )
        return Response(CaseDetailSerializer(case).data, status=201)


class CaseResubmitApi(APIView):
    class ResubmitInputSerializer(serializers.Serializer):
        opinion = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(request=ResubmitInputSerializer, responses=CaseDetailSerializer)
    def post(self, request, number: str):
        case = case_get_visible(number=number, user=request.user)
        services.case_resubmit_and_continue(case=case, actor=request.user, now=timezone.now(),
                                            opinion=request_object(request).get("opinion"))
        return Response(CaseDetailSerializer(case).data)


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.CharField(source="process.case.number")
    item = serializers.CharField(source="process.case.item.name")
    step = serializers.SerializerMethodField()
    department_id = serializers.SerializerMethodField()
    assignee = serializers.CharField(source="owner.username", default=None)
    status = serializers.CharField()
    created = serializers.DateTimeField()
    decisions = serializers.SerializerMethodField(
        help_text="What the holder may decide here, the favourable one first; empty once the task is done.")
    input_schema = serializers.SerializerMethodField(
        help_text="JSON Schema of the body of …/complete/ for this task.")

    def get_step(self, task) -> str:
        return (task.data or {}).get("step", "")

    def get_department_id(self, task) -> int | None:
        return (task.data or {}).get("department_id")

    def get_decisions(self, task) -> list[str]:
        if task.status in (STATUS.DONE, STATUS.CANCELED):
            return []
        if not hasattr(task, "_tongban_decisions"):  # both fields need them
            task._tongban_decisions = services.allowed_decisions(task=task, case=task.process.case)
        return task._tongban_decisions

    @extend_schema_field({"type": "object", "additionalProperties": True})
    def get_input_schema(self, task) -> dict:
        offered = self.get_decisions(task)
        targets = services.send_back_targets(task=task) if "send_back" in offered else None
        step = (task.data or {}).get("step", "")
        recommendation = selectors.task_recommendation(task) if step == "decide" and offered else None
        materials = acceptance_materials(task.process.case) if step == "accept" and offered else None
        return decisions.input_schema(offered, send_back_targets=targets, recommendation=recommendation, step=step,
                                      holder=task.process.case.applicant_name if step == CERTIFY else "",
                                      materials=materials)


class TaskListSerializer(serializers.Serializer):
    results = TaskSerializer(many=True)


class TaskListApi(APIView):
    """Every actionable task at once (never paginated): {"results": [task…]}."""

    filters = query.Filters()

    @extend_schema(responses=TaskListSerializer)
    def get(self, request):
        self.filters.read(request.query_params)
        # Acceptance tasks describe the guide's materials: read with the tasks, not task by task.
        tasks = selectors.task_list_visible_to(user=request.user).select_related("process__case__guide") \
            .prefetch_related("process__case__guide__materials")
        return Response({"results": TaskSerializer(tasks, many=True).data})


def _task_response(task_id: int, user) -> Response:
    task = selectors.task_get_visible(task_id=task_id, user=user)
    if task is None:  # finished: still report what happened to it
        from viewflow.workflow.models import Task

        task = Task.objects.select_related("owner", "process__case__item").get(pk=task_id)
    return Response(TaskSerializer(task).data)


class TaskClaimApi(APIView):
    @extend_schema(request=None, responses=TaskSerializer)
    def post(self, request, task_id: int):
        if not request.user.is_staff_member:
            raise NotFound(_("任务不存在。"))
        services.task_claim(task_id=task_id, actor=request.user, now=timezone.now())
        return _task_response(task_id, request.user)


@extend_schema_field(OpenApiTypes.DATE)
class _DateText(serializers.CharField):
    """A date as YYYY-MM-DD text; parsed by the service, whose message names the field."""


def _text(help_text: str, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text=help_text,
                                 trim_whitespace=False, **kwargs)


class TaskCompleteApi(APIView):
    """JSON, or multipart/form-data when the body carries a file (送达's `proof`)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    class TaskCompleteInputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=list(decisions.ORDER))
        opinion = serializers.CharField(required=False, allow_blank=True, max_length=decisions.OPINION_MAX_LENGTH)
        missing_materials = serializers.ListField(
            child=serializers.CharField(max_length=decisions.MATERIAL_NAME_MAX_LENGTH), required=False)
        send_back_to = serializers.IntegerField(required=False, min_value=0,
                                                help_text="For send_back: the position of the earlier step.")
        received_materials = serializers.ListField(
            child=serializers.DictField(), required=False,
            help_text="For accept: each material received, {requirement, form, copies, medium} (input_schema).")
        # certify (制证)
        holder = _text("certify: the certificate holder; default the applicant")
        scope = _text("certify: what the certificate permits (许可范围); required")
        valid_from = _DateText(required=False, allow_blank=True, allow_null=True,
                               help_text="certify: valid from (YYYY-MM-DD), not before the decision; required")
        valid_until = _DateText(required=False, allow_blank=True, allow_null=True,
                                help_text="certify: valid until (YYYY-MM-DD); empty or null: 长期有效")
        # deliver (送达)
        delivery_method = serializers.ChoiceField(choices=list(certificate_rules.METHODS), required=False,
                                                  help_text="deliver: window (窗口领取), post (邮寄), electronic")
        delivered_on = _DateText(required=False, allow_blank=True, allow_null=True,
                                 help_text="deliver: the day the recipient received it (YYYY-MM-DD); required")
        recipient = _text("deliver: who received it (签收人); required")
        tracking_number = _text("deliver: the postal tracking number; required for post")
        confirmation = _text("deliver: the electronic delivery's confirmation (receipt number…); required for "
                             "electronic")
        proof = serializers.FileField(required=False, help_text=(
            "deliver: the signed receipt (送达回证) or postal return receipt, scanned: PDF, JPEG or PNG; "
            "required for window and post. Send the body as multipart/form-data to carry it."))

    @extend_schema(request={"application/json": TaskCompleteInputSerializer,
                            "multipart/form-data": TaskCompleteInputSerializer}, responses=TaskSerializer)
    def post(self, request, task_id: int):
        if not request.user.is_staff_member:
            raise NotFound(_("任务不存在。"))
        unknown = unknown_fields(request_object(request), self.TaskCompleteInputSerializer().fields)
        if unknown:
            raise DomainError(unknown)
        data = self.TaskCompleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        step_input = {name: values.pop(name) for name in decisions.STEP_INPUT if name in values}
        services.task_complete(task_id=task_id, actor=request.user, now=timezone.now(), step_input=step_input,
                               **values)
        return _task_response(task_id, request.user)



class TaskReassignApi(APIView):
    """转办: the head of the task's department hands a claimed task to a colleague, with a reason."""

    class TaskReassignInputSerializer(serializers.Serializer):
        to_user = serializers.IntegerField(help_text="Id of an active user of the task's department with its role.")
        reason = serializers.CharField(max_length=decisions.OPINION_MAX_LENGTH)

    @extend_schema(request=TaskReassignInputSerializer, responses=TaskSerializer)
    def post(self, request, task_id: int):
        body = request_object(request)
        unknown = unknown_fields(body, self.TaskReassignInputSerializer().fields)
        if unknown:
            raise DomainError(unknown)
        to_user = body.get("to_user")
        services.task_reassign(task_id=task_id, actor=request.user, now=timezone.now(),
                               to_user_id=to_user if isinstance(to_user, int) else None,
                               reason=str(body.get("reason") or ""))
        return _task_response(task_id, request.user)
