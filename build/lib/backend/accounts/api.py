from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import DomainError

from . import brake


class TokenObtainApi(APIView):
    """POST {username, password} → {token}. Braked like every way in (brake.py): 429 with the wait."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class TokenObtainInputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=brake.USERNAME_MAX)
        password = serializers.CharField(max_length=4096, trim_whitespace=False)

    class TokenObtainOutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=TokenObtainInputSerializer, responses={
        200: TokenObtainOutputSerializer, 400: OpenApiResponse(description="invalid_credentials"),
        429: OpenApiResponse(description="throttled: too many failures from this address; Retry-After says when")})
    def post(self, request):
        data = self.TokenObtainInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request, not DRF's wrapper: the brake marks it, and its middleware answers 429.
        django_request = request._request
        django_request.tongban_login_username = data.validated_data["username"]
        user = authenticate(django_request, **data.validated_data)
        if user is None:
            raise DomainError.single("password", "invalid_credentials", _("用户名或密码不正确。"))
        brake.forget_own_failures(django_request, user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
