"""Read-only letters APIs and the writer's rating (under /api/v1/letters/). Writing in, reopening
and the staff steps start or advance the process, so they live in workflows/letters_api.py.
Errors are {"errors": [{field, code, message}]} with 400/403/404/409 (429: too many wrong guesses)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.cases.models import Case
from backend.common import query
from backend.common.api import request_object
from backend.common.attempts import client_address
from backend.common.errors import DomainError, unknown_fields
from backend.common.validators import parse_day

from . import selectors, services, stats
from .models import LetterType
from .serializers import (
    LetterPublicSerializer,
    LetterStaffSerializer,
    LetterStatsRowSerializer,
    LookupSerializer,
    MailboxSerializer,
    RateSerializer,
)

LOOKUP_ERRORS = {404: OpenApiResponse(description="no such letter, or the query code does not match"),
                 429: OpenApiResponse(description="too many wrong guesses")}


def body(request, known) -> dict:
    data = request_object(request)
    extra = unknown_fields(data, known)
    if extra:
        raise DomainError(extra)
    return data


class MailboxListApi(APIView):
    """GET: the mailboxes one may write to."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: MailboxSerializer(many=True)})
    def get(self, request):
        return Response(MailboxSerializer(selectors.mailboxes_open(), many=True).data)


class LetterTrackApi(APIView):
    """POST {number, query_code}: the writer's letter, its state and the reply (braked like cases)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=LookupSerializer, responses={200: LetterPublicSerializer, **LOOKUP_ERRORS})
    def post(self, request):
        data = body(request, LookupSerializer().fields)
        letter = selectors.letter_public_lookup(number=str(data.get("number") or ""),
                                                query_code=str(data.get("query_code") or ""),
                                                client=client_address(request))
        return Response(LetterPublicSerializer(letter).data)


class LetterRateApi(APIView):
    """POST {number, query_code, score 1–5, comment}: the writer rates the reply (once)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=RateSerializer, responses={
        201: LetterPublicSerializer, 400: OpenApiResponse(description="score or comment"),
        409: OpenApiResponse(description="not replied yet, or rated already"), **LOOKUP_ERRORS})
    def post(self, request):
        from backend.ratings import rules as rating_rules

        data = body(request, RateSerializer().fields)
        rating_rules.clean_input(data.get("score"), data.get("comment"))  # a field error is not a guess
        letter = selectors.letter_public_lookup(number=str(data.get("number") or ""),
                                                query_code=str(data.get("query_code") or ""),
                                                client=client_address(request))
        services.letter_rate(case=letter.case, score=data.get("score"), comment=data.get("comment") or "",
                             now=timezone.now())
        return Response(LetterPublicSerializer(selectors.letter_fresh(letter)).data, status=201)


STAFF_FILTERS = query.Filters((
    query.choice("status", Case.Status.values), query.choice("letter_type", LetterType.values),
    query.text("department", 32, "the department's code"), query.text("mailbox", 40, "the mailbox's code"),
    query.text("search", 100, "part of the subject or the letter number"),
))
STATS_FILTERS = query.Filters((query.day("date_from", "default: 1 January of this year"),
                               query.day("date_to", "default: today"),
                               query.text("mailbox", 40, "the mailbox's code")))


def open_steps(letters) -> dict:
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    ids = [letter.case.process_id for letter in letters if letter.case.process_id]
    rows = (Task.objects.filter(process_id__in=ids, status__in=[STATUS.NEW, STATUS.ASSIGNED])
            .values_list("process_id", "data"))
    return {pid: (data or {}).get("step") for pid, data in rows if (data or {}).get("step")}


class LetterStaffListApi(APIView):
    """GET: the letters the caller may see (the mailbox office all, a department its own)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=STAFF_FILTERS.parameters(), responses={200: LetterStaffSerializer(many=True)})
    def get(self, request):
        params = STAFF_FILTERS.read(request.query_params)
        qs = selectors.letter_filter(selectors.with_clock_state(selectors.letter_list_visible_to(user=request.user)),
                                     **{k: v or "" for k, v in params.items()})
        letters = list(qs[:200])
        return Response(LetterStaffSerializer(letters, many=True, context={"steps": open_steps(letters)}).data)


class LetterStaffDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: LetterStaffSerializer, 404: OpenApiResponse(description="not visible")})
    def get(self, request, number: str):
        letter = selectors.letter_get_visible(number=number, user=request.user)
        return Response(LetterStaffSerializer(letter, context={"steps": open_steps([letter])}).data)


def parse_period(params) -> tuple[date, date]:
    today = timezone.localdate()
    errors = []
    out = []
    for name, default in (("date_from", today.replace(month=1, day=1)), ("date_to", today)):
        raw = (params.get(name) or "").strip()
        day = parse_day(raw) if raw else default
        if day is None:
            errors.append(name)
        out.append(day or default)
    if errors:
        raise DomainError.single(errors[0], "invalid", _("日期格式应为 YYYY-MM-DD。"))
    if out[0] > out[1]:
        raise DomainError.single("date_from", "invalid", _("开始日期不能晚于结束日期。"))
    if (out[1] - out[0]).days > 366 * 3:
        raise DomainError.single("date_to", "invalid", _("统计区间不能超过三年。"))
    return out[0], out[1]


class LetterStatsApi(APIView):
    """GET ?date_from&date_to&mailbox: per department and month — received, accepted, replied, reply
    rate, on-time rate, mean working days, satisfaction; a department sees its own rows."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=STATS_FILTERS.parameters(), responses={200: LetterStatsRowSerializer(many=True)})
    def get(self, request):
        mailbox = STATS_FILTERS.read(request.query_params)["mailbox"] or ""
        date_from, date_to = parse_period(request.query_params)
        letters = selectors.letter_filter(selectors.letter_list_visible_to(user=request.user), mailbox=mailbox)
        return Response(stats.stats_by_department_month(letters=letters, date_from=date_from, date_to=date_to))
