from django.contrib import admin

from .models import Letter, LetterRelease, Mailbox, ReplyLimit


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "item", "is_active"]


@admin.register(ReplyLimit)
class ReplyLimitAdmin(admin.ModelAdmin):
    list_display = ["letter_type", "days"]
    list_editable = ["days"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["case", "subject", "letter_type", "department", "received_at", "replied_at"]
    list_filter = ["letter_type", "mailbox", "department"]
    readonly_fields = [f.name for f in Letter._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(LetterRelease)
class LetterReleaseAdmin(admin.ModelAdmin):
    list_display = ["letter", "signed_by", "signed_at", "sha256"]
    readonly_fields = [f.name for f in LetterRelease._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
