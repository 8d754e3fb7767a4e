"""The signed receipts (送达回证) of the demo's window and postal deliveries, drawn as one-page PDFs
the way a scan of the paper form reads: case, document, recipient, date and a signature line."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from backend.cases.models import Case

FONT = "STSong-Light"
METHODS = {"window": "窗口领取", "post": "邮寄送达"}


def signed_receipt(*, case: Case, method: str, recipient: str, signed_on: date) -> SimpleUploadedFile:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    page.setFont(FONT, 20)
    page.drawCentredString(width / 2, height - 90, "送 达 回 证")
    page.setFont(FONT, 12)
    lines = [
        f"送达机关：{case.item.department.name}",
        f"办件编号：{case.number}",
        f"送达文书：{case.item.name}{'决定书及证书' if case.decision == Case.Decision.APPROVED else '决定书'}",
        f"受送达人：{case.applicant_name}",
        f"送达方式：{METHODS.get(method, method)}",
        f"签收人：{recipient}（签名）",
        f"签收日期：{signed_on.year}年{signed_on.month}月{signed_on.day}日",
    ]
    y = height - 150
    for line in lines:
        page.drawString(72, y, line)
        y -= 28
    page.showPage()
    page.save()
    return SimpleUploadedFile(f"送达回证-{case.number}.pdf", buffer.getvalue(), content_type="application/pdf")
