"""Typography and page furniture of the notices (notices.py): the CJK font, paragraph styles,
mixed Chinese/Latin runs, the title, Chinese dates and the QR code."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from xml.sax.saxutils import escape

import qrcode
from qrcode.image.pil import PilImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph

FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
PAGE_W, PAGE_H = A4
MARGIN_X = 26 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 17 * mm
QR_SIZE = 24 * mm
QR_BLOCK_H = QR_SIZE + 12 * mm  # QR, the URL line under it, and breathing room above



def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _cn_datetime(moment: datetime) -> str:
    return f"{_cn_date(moment.date())} {moment:%H:%M}"


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24, spaceAfter=2)
    return {
        "department": ParagraphStyle("department", fontName=FONT, fontSize=14, leading=20,
                                     alignment=TA_CENTER),
        "number": ParagraphStyle("number", fontName=FONT, fontSize=10.5, leading=15, alignment=TA_RIGHT),
        "salutation": ParagraphStyle("salutation", parent=body, firstLineIndent=0, spaceBefore=6),
        "body": body,
        "item": ParagraphStyle("item", parent=body, firstLineIndent=0, leftIndent=24 + 18,
                               bulletIndent=24, bulletFontName=LATIN_FONT, bulletFontSize=11, spaceAfter=0),
        "heading": ParagraphStyle("heading", parent=body, firstLineIndent=0, spaceBefore=6, spaceAfter=0),
        "label": ParagraphStyle("label", fontName=FONT, fontSize=10.5, leading=14),
        "value": ParagraphStyle("value", fontName=FONT, fontSize=10.5, leading=14, wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=FONT, fontSize=12, leading=19, alignment=TA_RIGHT,
                               rightIndent=12),
        "seal": ParagraphStyle("seal", fontName=FONT, fontSize=9, leading=12, alignment=TA_RIGHT, rightIndent=12,
                               textColor=colors.grey),
    }


_LATIN_RUN = re.compile(r"([\x20-\x7e]+)")


def _runs(text: str) -> list[tuple[str, str]]:
    """(font, text) runs: ASCII in Helvetica, so numbers, query codes and URLs print crisply in any
    viewer (STSong-Light's Latin glyphs are replaced by a viewer-chosen face), the rest in STSong-Light."""
    parts = _LATIN_RUN.split(text)
    return [(LATIN_FONT if i % 2 else FONT, part) for i, part in enumerate(parts) if part]


def _p(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    markup = "".join(
        f'<font name="{font}">{escape(run)}</font>' if font == LATIN_FONT else escape(run)
        for font, run in _runs(text)
    )
    return Paragraph(markup.replace("\n", "<br/>"), style, bulletText=bullet)


def _draw(canvas, x: float, y: float, text: str, size: float, *, centred: bool = False) -> None:
    runs = _runs(text)
    if centred:
        x -= sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs) / 2
    obj = canvas.beginText(x, y)
    for font, run in runs:
        obj.setFont(font, size)
        obj.textOut(run)
    canvas.drawText(obj)


class _Title(Flowable):
    """The notice title: centred, 22 pt, faux bold (fill + stroke; STSong-Light has no bold face)."""

    def __init__(self, text: str, size: float = 22):
        super().__init__()
        self.text, self.size = text, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.size * 1.75

    def draw(self):
        c = self.canv
        # Letter-spaced like a printed official title; the spacing is positioning, not space characters,
        # so the title stays one word for search and text extraction.
        spacing = self.size * 0.25
        width = pdfmetrics.stringWidth(self.text, FONT, self.size) + spacing * (len(self.text) - 1)
        text = c.beginText((self.width - width) / 2, self.size * 0.5)
        text.setFont(FONT, self.size)
        text.setCharSpace(spacing)
        text.setTextRenderMode(2)
        c.setLineWidth(0.45)
        text.textOut(self.text)
        c.drawText(text)




def _qr_png(data: str) -> bytes:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=0,
                       image_factory=PilImage)
    qr.add_data(data)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    return out.getvalue()
