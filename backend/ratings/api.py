"""Rating APIs: anonymous with the case number and query code (braked like the tracking API), and
the signed-in applicant's own case. Errors are {"errors": [{field, code, message}]}: 400 a bad
score or comment, 404 a wrong number or code, 429 too many wrong guesses, 409 not completed or
already rated, 403 not the applicant's case."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.api import request_fields
from backend.common.attempts import client_address

from . import services
from .models import COMMENT_MAX, Rating

ERRORS = {400: OpenApiResponse(description="a field error: score or comment"),
          404: OpenApiResponse(description="no such case, or the query code does not match"),
          409: OpenApiResponse(description="the case is not completed, or it was rated already")}


class RatingSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number")
    score_label = serializers.CharField(source="get_score_display")

    class Meta:
        model = Rating
        fields = ["number", "score", "score_label", "comment", "channel", "created_at"]


class RatingInputSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5,
                                     help_text="1 非常不满意, 2 不满意, 3 基本满意, 4 满意, 5 非常满意")
    comment = serializers.CharField(max_length=COMMENT_MAX, required=False, allow_blank=True)


class RatingByCodeInputSerializer(RatingInputSerializer):
    number = serializers.CharField(max_length=32)
    query_code = serializers.CharField(max_length=16)


class RatingSubmitApi(APIView):
    """POST /api/v1/ratings/: rate a completed case with its number and query code, no login."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=RatingByCodeInputSerializer,
                   responses={201: RatingSerializer, 429: OpenApiResponse(description="too many wrong guesses"),
                              **ERRORS})
    def post(self, request):
        data = request_fields(request, RatingByCodeInputSerializer().fields)
        rating = services.rating_submit_by_code(
            number=str(data.get("number") or ""), query_code=str(data.get("query_code") or ""),
            client=client_address(request), score=data.get("score"), comment=data.get("comment"),
            now=timezone.now())
        return Response(RatingSerializer(rating).data, status=201)


class CaseRatingSubmitApi(APIView):
    """POST /api/v1/cases/{number}/rating/: the signed-in applicant rates their own completed case."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=RatingInputSerializer,
                   responses={201: RatingSerializer, 403: OpenApiResponse(description="not the applicant"),
                              **ERRORS})
    def post(self, request, number: str):
        data = request_fields(request, RatingInputSerializer().fields)
        rating = services.rating_submit_by_owner(number=number, user=request.user, score=data.get("score"),
                                                 comment=data.get("comment"), now=timezone.now())
        return Response(RatingSerializer(rating).data, status=201)
