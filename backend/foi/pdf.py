"""The reply letter (政府信息公开申请答复书) as PDF, with its CJK font embedded (the approach of
backend/scorecards/pdf.py: WenQuanYi Micro Hei, or the font SCORECARDS_PDF_FONT names): the
organ's name, the letter's title and text, the organ's signature and date, its address and phone."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from backend.scorecards import pdf as circular_pdf

FONT = circular_pdf.FONT


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=21, wordWrap="CJK", firstLineIndent=24)
    return {
        "organ": ParagraphStyle("organ", fontName=FONT, fontSize=20, leading=28, alignment=TA_CENTER,
                                textColor=colors.HexColor("#b00000")),
        "title": ParagraphStyle("title", fontName=FONT, fontSize=16, leading=24, alignment=TA_CENTER, spaceBefore=6),
        "ref": ParagraphStyle("ref", fontName=FONT, fontSize=11, leading=16, alignment=TA_CENTER, spaceAfter=8),
        "body": body,
        "salutation": ParagraphStyle("salutation", parent=body, firstLineIndent=0),
        "sign": ParagraphStyle("sign", fontName=FONT, fontSize=12, leading=20, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK",
                               textColor=colors.HexColor("#444444")),
        "draft": ParagraphStyle("draft", fontName=FONT, fontSize=11, leading=16, alignment=TA_CENTER,
                                textColor=colors.HexColor("#b00000")),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def render_reply(*, organ: str, title: str, reference: str, text: str, dated: str, footer: list[str],
                 draft: bool) -> bytes:
    """`text`: the filled model reply; its first line is the salutation ("张三："), each further line
    a paragraph. `dated`: 2026年12月7日. `footer`: the organ's address, phone … one line each."""
    circular_pdf._register()
    styles = _styles()
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    story: list = [_p(organ, styles["organ"]),
                   HRFlowable(width="100%", thickness=1.2, color=colors.HexColor("#b00000"), spaceBefore=4),
                   _p(title, styles["title"]), _p(reference, styles["ref"])]
    if draft:
        story.append(_p("（草稿，尚未审签）", styles["draft"]))
    for at, line in enumerate(lines):
        salutation = at == 0 and (line.endswith("：") or line.endswith(":"))
        story.append(_p(line, styles["salutation" if salutation else "body"]))
    story += [Spacer(1, 12 * mm), _p(organ, styles["sign"]), _p(dated, styles["sign"]), Spacer(1, 10 * mm)]
    story += [_p(line, styles["note"]) for line in footer if line]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=22 * mm,
                      bottomMargin=20 * mm, title=title, author=organ, subject=reference,
                      initialFontName=FONT).build(story)
    return buffer.getvalue()
