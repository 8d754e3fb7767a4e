from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.attempts import attempt_failed, attempts_check, client_address
from backend.common.errors import DomainError

# Failed sign-ins per user name and per address in 15 minutes before the endpoint says 429.
TOKEN_FAILURES = 10


class TokenObtainApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class TokenObtainInputSerializer(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField()

    class TokenObtainOutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=TokenObtainInputSerializer, responses=TokenObtainOutputSerializer)
    def post(self, request):
        data = self.TokenObtainInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        keys = [data.validated_data["username"].strip().lower()[:150], client_address(request)]
        attempts_check("token", keys, limit=TOKEN_FAILURES)
        user = authenticate(request, **data.validated_data)
        if user is None:
            attempt_failed("token", keys)
            raise DomainError.single("password", "invalid_credentials", _("用户名或密码不正确。"))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
