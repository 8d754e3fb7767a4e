"""Upload checks: size limit and type by content (magic bytes), never by file name."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from backend.common.errors import DomainError


def material_check(uploaded_file) -> str:
    if uploaded_file is None:
        raise DomainError.single("file", "required", _("请选择要上传的文件。"))
    if uploaded_file.size > settings.MATERIAL_MAX_BYTES:
        raise DomainError.single(
            "file", "too_large",
            _("文件不能超过 %(mb)s MB。") % {"mb": settings.MATERIAL_MAX_BYTES // (1024 * 1024)},
        )
    if uploaded_file.size == 0:
        raise DomainError.single("file", "empty", _("文件为空。"))
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in settings.MATERIAL_ALLOWED_TYPES:
        raise DomainError.single("file", "unsupported_type", _("只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）。"))
    return kind.mime
