from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Certificate


class CertificateSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number")
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    department = serializers.CharField(source="item.department.name")
    status = serializers.SerializerMethodField(help_text="On the day asked (`on`, default today)")
    issued_by = serializers.CharField(source="issued_by.username", default=None)
    revoked_by = serializers.CharField(source="revoked_by.username", default=None)

    class Meta:
        model = Certificate
        fields = ["id", "number", "title", "holder", "scope", "valid_from", "valid_until", "status", "case", "item",
                  "item_name", "department", "issued_at", "issued_by", "revoked_at", "revoked_by",
                  "revocation_reason"]

    @extend_schema_field(serializers.ChoiceField(choices=list(Certificate.Status.values)))
    def get_status(self, certificate) -> str:
        on = self.context.get("on") or timezone.localdate()
        return certificate.status_on(on)


class CertificateRevokeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the certificate is revoked (required)")
