from django.contrib import admin

from .models import Certificate, CertificatePattern, DeliveryRecord


@admin.register(CertificatePattern)
class CertificatePatternAdmin(admin.ModelAdmin):
    """Administrators set each item's numbering pattern; an item without one uses the default."""

    list_display = ("item", "title", "pattern")
    list_filter = ("item__department",)
    search_fields = ("item__code", "item__name", "title", "pattern")
    autocomplete_fields = ("item",)


class _ReadOnly(admin.ModelAdmin):
    """Certificates and deliveries change only through the process and the register (revocation),
    so every change leaves a record."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(_ReadOnly):
    list_display = ("number", "title", "holder", "valid_from", "valid_until", "issued_at", "revoked_at")
    list_filter = ("item__department", "item")
    search_fields = ("number", "holder", "case__number")
    readonly_fields = ("case", "item", "title", "number", "holder", "scope", "valid_from", "valid_until", "issued_at",
                       "issued_by", "revoked_at", "revoked_by", "revocation_reason")


@admin.register(DeliveryRecord)
class DeliveryRecordAdmin(_ReadOnly):
    list_display = ("case", "method", "delivered_on", "recipient", "tracking_number", "recorded_at")
    list_filter = ("method",)
    search_fields = ("case__number", "recipient", "tracking_number")
    readonly_fields = ("case", "method", "delivered_on", "recipient", "tracking_number", "proof_name",
                       "proof_content_type", "proof_size", "proof_sha256", "confirmation", "recorded_by",
                       "recorded_at")
    exclude = ("proof",)
