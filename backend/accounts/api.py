from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import DomainError


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
        user = authenticate(request, **data.validated_data)
        if user is None:
            raise DomainError.single("password", "invalid_credentials", _("用户名或密码不正确。"))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
