"""Upload checks: size limit and type by content (magic bytes), never by file name.

PDFs are also opened and refused if they carry active content (scripts, launch actions, embedded
files, XFA forms, rich media; see pdf_safety) or cannot be read or checked. Refused, not
sanitised: the record keeps only what the applicant actually sent. The refused file is not stored;
a warning on the `backend.cases.materials` logger keeps its sha256, size and findings, so an
operator can trace a refused upload the applicant asks about.
"""

from __future__ import annotations

import hashlib
import logging

import filetype
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from backend.common.errors import DomainError

from . import pdf_safety

logger = logging.getLogger(__name__)

_ACTIVE_CONTENT_LABELS = {
    pdf_safety.JAVASCRIPT: gettext_lazy("脚本（JavaScript）"),
    pdf_safety.LAUNCH: gettext_lazy("启动外部程序的指令"),
    pdf_safety.SUBMIT_FORM: gettext_lazy("向外部提交数据的表单动作"),
    pdf_safety.IMPORT_DATA: gettext_lazy("导入外部数据的动作"),
    pdf_safety.REMOTE_GOTO: gettext_lazy("打开其他文件的链接"),
    pdf_safety.EMBEDDED_FILE: gettext_lazy("嵌入文件（附件）"),
    pdf_safety.XFA: gettext_lazy("XFA 动态表单"),
    pdf_safety.RICH_MEDIA: gettext_lazy("多媒体或 3D 内容"),
}


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
    if kind.mime == "application/pdf":
        _pdf_check(uploaded_file)
    elif b"%PDF-" in head[:1024]:
        # PDF readers look for the header anywhere in the first KiB: an image carrying one is also a
        # PDF that the active-content check never saw.
        raise DomainError.single("file", "ambiguous_type",
                                 _("文件既像图片又像 PDF，无法确定类型，未予接收。请重新导出图片或 PDF 后上传。"))
    return kind.mime


EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}


def download_name(original_name: str, content_type: str) -> str:
    """The name a download is saved under: the applicant's name, with the extension of the type the
    content was checked as, so that a PNG sent as `x.html` is not opened as a page later."""
    wanted = EXTENSIONS.get(content_type)
    stem, dot, extension = original_name.rpartition(".")
    if wanted is None or (dot and "." + extension.lower() in wanted):
        return original_name
    return (stem if dot and stem else original_name) + wanted[0]


def _pdf_check(uploaded_file) -> None:
    data = uploaded_file.read()
    uploaded_file.seek(0)
    try:
        found = pdf_safety.pdf_active_content(data)
    except pdf_safety.PdfEncrypted:
        _refused(data, ["encrypted"])
        raise DomainError.single(
            "file", "pdf_encrypted", _("PDF 文件设有打开密码，无法检查，未予接收。请取消密码后重新上传。"),
        ) from None
    except pdf_safety.PdfUnreadable as exc:
        _refused(data, ["damaged"], detail=str(exc)[:200])
        raise DomainError.single(
            "file", "pdf_damaged", _("PDF 文件已损坏或格式不正确，无法读取，未予接收。请重新生成 PDF 后上传。"),
        ) from None
    if not found:
        return
    _refused(data, found)
    if pdf_safety.TOO_COMPLEX in found:
        raise DomainError.single(
            "file", "pdf_too_complex",
            _("PDF 文件结构过于复杂，无法完成安全检查，未予接收。请使用“打印为 PDF”或扫描件重新生成后上传。"),
        )
    what = pgettext("list separator", "、").join(str(_ACTIVE_CONTENT_LABELS[code]) for code in found)
    raise DomainError.single(
        "file", "pdf_active_content",
        _("PDF 文件含有%(found)s，可能不安全，未予接收。请使用“打印为 PDF”或扫描件重新生成后上传。") % {"found": what},
    )


def _refused(data: bytes, found: list[str], detail: str = "") -> None:
    logger.warning("refused PDF upload sha256=%s size=%d found=%s detail=%r",
                   hashlib.sha256(data).hexdigest(), len(data), ",".join(found), detail)
