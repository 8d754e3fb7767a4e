from django.contrib import admin

from backend.common.admin import ReadOnlyAdmin

from .models import Certificate, CertificatePattern, DeliveryRecord


@admin.register(CertificatePattern)
class CertificatePatternAdmin(admin.ModelAdmin):
    """Administrators set each item's numbering pattern; an item without one uses the default."""

    list_display = ("item", "title", "pattern")
    list_filter = ("item__department",)
    search_fields = ("item__code", "item__name", "title", "pattern")
    autocomplete_fields = ("item",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin, admin.ModelAdmin):  # changed by the process and the register only
    list_display = ("number", "title", "holder", "valid_from", "valid_until", "issued_at", "revoked_at")
    list_filter = ("item__department", "item")
    search_fields = ("number", "holder", "case__number")
    readonly_fields = ("case", "item", "title", "number", "holder", "scope", "valid_from", "valid_until", "issued_at",
                       "issued_by", "revoked_at", "revoked_by", "revocation_reason")


@admin.register(DeliveryRecord)
class DeliveryRecordAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("case", "method", "delivered_on", "recipient", "tracking_number", "recorded_at")
    list_filter = ("method",)
    search_fields = ("case__number", "recipient", "tracking_number")
    readonly_fields = ("case", "method", "delivered_on", "recipient", "tracking_number", "proof_name",
                       "proof_content_type", "proof_size", "proof_sha256", "confirmation", "recorded_by",
                       "recorded_at")
    exclude = ("proof",)
