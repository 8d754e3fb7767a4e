"""Letters APIs that start or advance the process (under /api/v1/letters/): writing in and
reopening (no account), and the staff steps — screening, drafting, sign-off and transfer. The
generic task API lists and claims the same tasks; these complete them with what a letter needs."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.attempts import client_address
from backend.common.errors import Conflict
from backend.letters import selectors
from backend.letters.api import body
from backend.letters.serializers import (
    DraftSerializer,
    LetterReceiptSerializer,
    LetterStaffSerializer,
    LetterWriteSerializer,
    ReopenSerializer,
    ScreenSerializer,
    SignSerializer,
    TransferSerializer,
)

from . import letters as flow

STAFF_ERRORS = {400: OpenApiResponse(description="field errors"),
                403: OpenApiResponse(description="not this step's holder"),
                404: OpenApiResponse(description="no such letter visible to the caller"),
                409: OpenApiResponse(description="the letter is not at this step")}


def _bool(value) -> bool:
    return value in (True, "true", "True", "1", 1, "on", "yes")


def _receipt(letter) -> dict:
    return {"number": letter.case.number, "query_code": letter.case.query_code, "status": letter.case.status}


class LetterWriteApi(APIView):
    """POST: write a letter (JSON, or multipart with `attachments`); 201 with number and query code."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request={"application/json": LetterWriteSerializer, "multipart/form-data": LetterWriteSerializer},
                   responses={201: LetterReceiptSerializer, 400: OpenApiResponse(description="field errors")})
    def post(self, request):
        data = body(request, LetterWriteSerializer().fields)
        files = request.FILES.getlist("attachments") if hasattr(request, "FILES") else []
        fields = {k: data.get(k) for k in LetterWriteSerializer().fields if k not in ("mailbox", "attachments")}
        fields["may_publish"] = _bool(data.get("may_publish"))
        letter = flow.letter_write(mailbox_code=str(data.get("mailbox") or ""), data=fields, files=files,
                                   now=timezone.now())
        return Response(_receipt(letter), status=201)


class LetterReopenApi(APIView):
    """POST {number, query_code, reason}: reopen a reply rated unsatisfactory, once; 201 with the
    follow-up letter's number and query code."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=ReopenSerializer, responses={
        201: LetterReceiptSerializer, 400: OpenApiResponse(description="reason missing"),
        404: OpenApiResponse(description="wrong number or code"), 409: OpenApiResponse(description="may not reopen"),
        429: OpenApiResponse(description="too many wrong guesses")})
    def post(self, request):
        data = body(request, ReopenSerializer().fields)
        letter = selectors.letter_public_lookup(number=str(data.get("number") or ""),
                                                query_code=str(data.get("query_code") or ""),
                                                client=client_address(request))
        follow = flow.letter_reopen(letter=letter, reason=data.get("reason") or "", now=timezone.now())
        return Response(_receipt(follow), status=201)


def _task_for(letter, step: str):
    task = flow.open_task(letter)
    if task is None or (task.data or {}).get("step") != step:
        raise Conflict("wrong_step", _("该来信当前不在此环节。"))
    return task


def _detail(letter):
    from backend.letters.api import open_steps

    letter = selectors.letter_fresh(letter)
    return LetterStaffSerializer(letter, context={"steps": open_steps([letter])}).data


class LetterScreenApi(APIView):
    """POST: the mailbox office accepts (with the department) or does not accept (with the reason)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ScreenSerializer, responses={200: LetterStaffSerializer, **STAFF_ERRORS})
    def post(self, request, number: str):
        data = body(request, ScreenSerializer().fields)
        letter = selectors.letter_get_visible(number=number, user=request.user)
        task = _task_for(letter, "accept")
        flow.letter_screen(task_id=task.pk, actor=request.user, accept=_bool(data.get("accept")),
                           department_id=data.get("department"), reason=str(data.get("reason") or ""),
                           opinion=data.get("opinion") or "", about_case_number=str(data.get("about_case") or ""),
                           now=timezone.now())
        return Response(_detail(letter))


class LetterDraftApi(APIView):
    """POST: the department's draft reply and its classification; sent to the head unless submit=false."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=DraftSerializer, responses={200: LetterStaffSerializer, **STAFF_ERRORS})
    def post(self, request, number: str):
        data = body(request, DraftSerializer().fields)
        letter = selectors.letter_get_visible(number=number, user=request.user)
        task = _task_for(letter, "handle")
        flow.letter_draft(task_id=task.pk, actor=request.user, text=data.get("reply") or "",
                          classification=str(data.get("classification") or ""),
                          outcome=str(data.get("outcome") or ""),
                          submit=_bool(data.get("submit", True)), now=timezone.now())
        return Response(_detail(letter))


class LetterSignApi(APIView):
    """POST: the department head signs the reply off (approve) or returns it with the reason."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=SignSerializer, responses={200: LetterStaffSerializer, **STAFF_ERRORS})
    def post(self, request, number: str):
        data = body(request, SignSerializer().fields)
        letter = selectors.letter_get_visible(number=number, user=request.user)
        task = _task_for(letter, "sign")
        flow.letter_sign(task_id=task.pk, actor=request.user, approve=_bool(data.get("approve")),
                         opinion=data.get("opinion") or "", police_organ=data.get("police_organ") or "",
                         referral_reason=data.get("referral_reason") or "", now=timezone.now())
        return Response(_detail(letter))


class LetterTransferApi(APIView):
    """POST {department, reason}: the mailbox office transfers the letter; the clock runs on."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=TransferSerializer, responses={200: LetterStaffSerializer, **STAFF_ERRORS})
    def post(self, request, number: str):
        data = body(request, TransferSerializer().fields)
        letter = selectors.letter_get_visible(number=number, user=request.user)
        flow.letter_transfer(letter=letter, to_department_id=data.get("department"), reason=data.get("reason") or "",
                             actor=request.user, now=timezone.now())
        return Response(_detail(letter))
