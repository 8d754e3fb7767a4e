"""Streaming a private file (an applicant's material, a delivery receipt) to someone allowed to see it."""

from __future__ import annotations

from django.http import FileResponse, Http404


def private_download(field_file, *, filename: str, content_type: str, gone_message: str) -> FileResponse:
    """The stored file as an attachment under `filename`, never cached; 404 with `gone_message`
    when the storage no longer has it."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(gone_message) from None
    response = FileResponse(handle, as_attachment=True, content_type=content_type, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
