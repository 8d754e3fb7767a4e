"""The circular (通报) as PDF, through the supervision scorecards' PDF helpers (the same embedded CJK
font, styles and paragraphs; see backend/scorecards/pdf.py and docs/scorecards.md on the font)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from backend.scorecards import pdf as scorecards_pdf

FONT = scorecards_pdf.FONT
_p = scorecards_pdf._p


def _entries(entries: list[dict], styles, empty: str) -> list:
    if not entries:
        return [_p(empty, styles["item"])]
    return [_p(f"{i}. {e['label']}：{'；'.join(e['reasons'])}。", styles["item"]) for i, e in enumerate(entries, 1)]


def _ranking_table(doc: dict, styles) -> Table:
    head = [_("名次"), _("单位"), _("得分"), _("一票否决"), _("结论")]
    rows = [[_p(h, styles["cell"]) for h in head]]
    for row in doc["ranking"]:
        vetoes = "；".join(v["label"] for v in row.get("vetoes", [])) or "—"
        rows.append([_p(row["rank"] if row["rank"] is not None else "—", styles["cell"]),
                     _p(row["label"], styles["cell"]),
                     _p(f"{row['score']:.1f}" if row["score"] is not None else _("不参与排名"), styles["cell"]),
                     _p(vetoes, styles["cell"]), _p(_("不合格") if row.get("failed") else "—", styles["cell"])])
    table = Table(rows, colWidths=[12 * mm, 56 * mm, 22 * mm, 50 * mm, 18 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def render_circular(doc: dict, *, draft: bool) -> bytes:
    """The circular from its document (selectors.document, or a publication's payload)."""
    scorecards_pdf._register()
    styles = scorecards_pdf._styles()
    story = [
        _p(doc["title"], styles["title"]),
        _p(_("（草稿，未签发）") if draft else _("政务公开办公室负责人已签发"), styles["subtitle"]),
        _p(_("按照《政务公开工作量化考评办法》（第 %(v)d 版），对%(period)s各单位的政务公开工作进行了量化打分。"
             "现将有关情况通报如下。") % {"v": doc["method_version"], "period": doc["period_label"]}, styles["body"]),
        _p(_("一、通报表彰"), styles["heading"]),
        *_entries(doc["commended"], styles, _("本期没有达到表彰条件的单位。")),
        _p(_("二、通报批评"), styles["heading"]),
        *_entries(doc["criticised"], styles, _("本期没有需要批评的单位。")),
        _p(_("三、量化考评排名"), styles["heading"]),
        _ranking_table(doc, styles),
        Spacer(1, 8 * mm),
        _p(_("县政务公开办公室"), styles["sign"]),
    ]
    if doc.get("signed_off_at"):
        y, m, d = doc["signed_off_at"][:10].split("-")
        story.append(_p(_("%(y)s年%(m)d月%(d)d日") % {"y": y, "m": int(m), "d": int(d)}, styles["sign"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                      bottomMargin=18 * mm, title=doc["title"], author=str(_("县政务公开办公室")),
                      subject=doc["period"], initialFontName=FONT).build(story)
    return buffer.getvalue()


def filename(period: str) -> tuple[str, str]:
    """(ASCII fallback, Chinese name) of the PDF download."""
    return f"tongban-disclosure-circular-{period}.pdf", _("%(p)s政务公开量化考评通报.pdf") % {"p": period}
