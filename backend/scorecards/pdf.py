"""The circular (通报) as PDF, with its CJK font embedded.

The case notices use reportlab's STSong-Light, a CID font the viewer must supply; a circular is
filed and forwarded as a document, so it carries its own font: WenQuanYi Micro Hei (Debian package
fonts-wqy-microhei, TrueType outlines, installed by `make chromium`), embedded as a subset. Another
TrueType/TTC font can be named with SCORECARDS_PDF_FONT (a path; SCORECARDS_PDF_FONT_INDEX picks the
face in a collection). OpenType/CFF fonts (Noto CJK .otf/.ttc) cannot be embedded by reportlab.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend.common.errors import DomainError

FONT = "TongbanCircular"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def font_path() -> tuple[Path, int]:
    configured = getattr(settings, "SCORECARDS_PDF_FONT", "") or ""
    index = int(getattr(settings, "SCORECARDS_PDF_FONT_INDEX", 0) or 0)
    for candidate in ([configured] if configured else list(FONT_CANDIDATES)):
        if Path(candidate).is_file():
            return Path(candidate), index
    raise DomainError.single(None, "font_missing", _(
        "服务器未安装可嵌入的中文字体（Debian 软件包 fonts-wqy-microhei，或以 SCORECARDS_PDF_FONT 指定），"
        "无法生成通报 PDF。"), status=503)


def _register() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    path, index = font_path()
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=index))


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24)
    return {
        "title": ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=TA_CENTER,
                                textColor=colors.HexColor("#b00000"), spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=11, leading=16, alignment=TA_CENTER,
                                   spaceAfter=10),
        "heading": ParagraphStyle("heading", parent=body, firstLineIndent=0, fontSize=13, spaceBefore=8,
                                  spaceAfter=2),
        "body": body,
        "item": ParagraphStyle("item", parent=body, firstLineIndent=0, leftIndent=24),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9.5, leading=12, wordWrap="CJK"),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK",
                               textColor=colors.grey),
        "sign": ParagraphStyle("sign", fontName=FONT, fontSize=12, leading=19, alignment=TA_RIGHT),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _num(value, places: int = 1) -> str:
    return "—" if value is None else f"{value:.{places}f}"


def _percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _ranking_table(doc: dict, styles) -> Table:
    head = [_("名次"), _("部门"), _("办结"), _("按时办结率"), _("超时"), _("红牌"), _("得分")]
    rows = [[_p(h, styles["cell"]) for h in head]]
    figures = {str(f.get("key")): f for f in doc.get("figures", [])}
    for row in doc["ranking"]:
        figure = figures.get(str(row["key"]), {})
        rows.append([_p(row["rank"] if row["rank"] is not None else "—", styles["cell"]),
                     _p(row["label"], styles["cell"]), _p(row["completed"], styles["cell"]),
                     _p(_percent(figure.get("on_time_rate")), styles["cell"]), _p(row["overdue"], styles["cell"]),
                     _p(row["cards_red"], styles["cell"]),
                     _p(_num(row["score"]) if row["score"] is not None else _("不参与排名"), styles["cell"])])
    table = Table(rows, colWidths=[12 * mm, 52 * mm, 14 * mm, 24 * mm, 14 * mm, 14 * mm, 26 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # else the table selects Helvetica, unembedded, per cell
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _entries(entries: list[dict], styles, empty: str) -> list:
    if not entries:
        return [_p(empty, styles["item"])]
    return [_p(f"{i}. {e['label']}：{'；'.join(e['reasons'])}。", styles["item"]) for i, e in enumerate(entries, 1)]


def render_circular(doc: dict, *, draft: bool) -> bytes:
    """The circular from its document (selectors.circular_document, or a publication's payload)."""
    _register()
    styles = _styles()
    year, month = (int(part) for part in doc["month"].split("-"))
    ranked = [r for r in doc["ranking"] if r["rank"] is not None]
    unranked = [r for r in doc["ranking"] if r["rank"] is None]
    story = [
        _p(doc["title"], styles["title"]),
        _p(_("（草稿，未签发）") if draft else _("监察机构负责人已签发"), styles["subtitle"]),
        _p(_("按照《政务服务量化考评办法》（第 %(v)d 版），根据统计数据对 %(year)d 年 %(month)d 月各部门的办件"
             "时效、预警和好差评情况进行了量化打分：%(n)d 个部门参与排名，%(m)d 个部门因办结件数少于最低样本量"
             "不参与排名。现将有关情况通报如下。") % {"v": doc["method_version"], "year": year, "month": month,
                                              "n": len(ranked), "m": len(unranked)}, styles["body"]),
        _p(_("一、表扬"), styles["heading"]),
        *_entries(doc["commended"], styles, _("本月没有达到表扬条件的部门。")),
        _p(_("二、批评"), styles["heading"]),
        *_entries(doc["criticised"], styles, _("本月没有需要批评的部门。")),
        _p(_("三、量化考评排名"), styles["heading"]),
        _ranking_table(doc, styles),
    ]
    if unranked:
        story += [_p(_("四、不参与排名的部门"), styles["heading"]),
                  *[_p(f"{r['label']}：{r['reason']}。", styles["item"]) for r in unranked]]
    story += [
        Spacer(1, 6 * mm),
        _p(_("计分办法：各指标按办法规定的最好值与最差值折算为 0–100 分，按权重加权平均，保留一位小数；"
             "办法全文见政务公开网站“量化考评办法”栏目。数据计算时间：%(at)s。") % {
            "at": (doc.get("computed_at") or "")[:16].replace("T", " ")}, styles["note"]),
        Spacer(1, 8 * mm),
        _p(_("县电子监察机构"), styles["sign"]),
    ]
    if doc.get("signed_off_at"):
        day = doc["signed_off_at"][:10].split("-")
        story.append(_p(_("%(y)s年%(m)d月%(d)d日") % {"y": day[0], "m": int(day[1]), "d": int(day[2])},
                        styles["sign"]))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                                 bottomMargin=18 * mm, title=doc["title"], author=str(_("县电子监察机构")),
                                 subject=doc["month"], initialFontName=FONT)  # no Helvetica at all
    document.build(story)
    return buffer.getvalue()


def filename(month: str) -> tuple[str, str]:
    """(ASCII fallback, Chinese name) of the PDF download."""
    year, number = month.split("-")
    return f"tongban-circular-{month}.pdf", _("%(y)s年%(m)d月量化考评通报.pdf") % {"y": year, "m": int(number)}
