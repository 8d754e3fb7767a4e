"""Downloads: the name a file is saved under (RFC 6266), and streaming a private file (an applicant's
material, a delivery receipt) to someone allowed to see it."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

_UNSAFE = re.compile(r'[^A-Za-z0-9._-]+')


def ascii_fallback(name: str, default: str = "download") -> str:
    """`name` itself when plain ASCII; otherwise with what an old client cannot read in `filename=`
    replaced: accents dropped, other runs (Chinese) as one hyphen; the extension kept."""
    if name.isascii() and name.isprintable() and not set(name) & set('"\\;'):
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    plain = _UNSAFE.sub("-", plain).strip("-._") or default
    extension = _UNSAFE.sub("", extension)
    return f"{plain}.{extension}" if extension else plain


def content_disposition(name: str, *, ascii_name: str | None = None, inline: bool = False) -> str:
    """RFC 6266: `filename` an ASCII fallback (`ascii_name`, else derived from `name`) for old clients,
    `filename*` the real name in UTF-8 (RFC 5987), which every current browser saves the file under."""
    fallback = (ascii_name or ascii_fallback(name)).replace("\\", "").replace('"', "")
    value = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if name != fallback:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def private_download(field_file, *, filename: str, content_type: str, gone_message: str) -> FileResponse:
    """The stored file as an attachment under `filename`, never cached; 404 with `gone_message`
    when the storage no longer has it."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(gone_message) from None
    response = FileResponse(handle, as_attachment=True, content_type=content_type, filename=filename)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response
