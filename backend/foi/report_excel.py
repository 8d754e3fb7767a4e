"""The annual report as an Excel workbook (openpyxl), in the national template's layout: one sheet,
sections 一 to 六 in order, tables with merged headers as the template has them."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from . import report

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TEXT_WIDTH = 8  # columns a free text spans


class _Sheet:
    def __init__(self, ws):
        self.ws = ws
        self.row = 1

    def cell(self, row: int, col: int, value, *, bold=False, align=CENTRE, box=True):
        c = self.ws.cell(row=row, column=col, value=value)
        c.alignment = align
        if bold:
            c.font = Font(bold=True)
        if box:
            c.border = BOX
        return c

    def merge(self, row: int, col: int, value, *, rows=1, cols=1, bold=False, align=CENTRE, box=True):
        self.cell(row, col, value, bold=bold, align=align, box=box)
        if rows > 1 or cols > 1:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
            if box:
                for r in range(row, row + rows):
                    for k in range(col, col + cols):
                        self.ws.cell(row=r, column=k).border = BOX

    def heading(self, text: str):
        self.row += 1
        self.merge(self.row, 1, text, cols=TEXT_WIDTH, bold=True, align=LEFT, box=False)
        self.row += 1

    def text(self, value: str):
        lines = max(1, len(value or "") // 60 + (value or "").count("\n") + 1)
        self.merge(self.row, 1, value or "", cols=TEXT_WIDTH, align=Alignment(wrap_text=True, vertical="top"),
                   box=False)
        self.ws.row_dimensions[self.row].height = min(15 * lines, 400)
        self.row += 1


def _proactive(s: _Sheet, p: dict) -> None:
    r = s.row
    s.merge(r, 1, _("第二十条第（一）项"), cols=4, bold=True)
    for k, label in enumerate((_("信息内容"), _("本年制发件数"), _("本年废止件数"), _("现行有效件数"))):
        s.cell(r + 1, 1 + k, label, bold=True)
    for i, (kind, label) in enumerate((("rules", _("规章")), ("normative", _("行政规范性文件"))), start=2):
        s.cell(r + i, 1, label)
        for k, field in enumerate(report.DOCUMENT_FIELDS):
            s.cell(r + i, 2 + k, p[kind][field])
    r += 4
    blocks = ((_("第二十条第（五）项"), _("本年处理决定数量"), ((_("行政许可"), p["licensing"]),)),
              (_("第二十条第（六）项"), _("本年处理决定数量"),
               ((_("行政处罚"), p["penalty"]), (_("行政强制"), p["enforcement"]))),
              (_("第二十条第（八）项"), _("本年收费金额（单位：万元）"), ((_("行政事业性收费"), p["fees"]),)))
    for title, column, lines in blocks:
        s.merge(r, 1, title, cols=4, bold=True)
        s.cell(r + 1, 1, _("信息内容"), bold=True)
        s.merge(r + 1, 2, column, cols=3, bold=True)
        for i, (label, value) in enumerate(lines, start=2):
            s.cell(r + i, 1, label)
            s.merge(r + i, 2, float(value) if isinstance(value, str) else value, cols=3)
        r += 2 + len(lines)
    s.row = r


def _requests(s: _Sheet, t: dict) -> None:
    r = s.row
    s.merge(r, 1, _("申请人情况"), rows=2, cols=2, bold=True)
    s.merge(r, 3, str(report.COLUMN_LABELS[report.NATURAL]), rows=2, bold=True)
    s.merge(r, 4, _("法人或其他组织"), cols=len(report.ORGANISATION_COLUMNS), bold=True)
    for k, col in enumerate(report.ORGANISATION_COLUMNS):
        s.cell(r + 1, 4 + k, str(report.COLUMN_LABELS[col]), bold=True)
    s.merge(r, 4 + len(report.ORGANISATION_COLUMNS), _("总计"), rows=2, bold=True)
    r += 2
    for row in t["rows"]:
        indent = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * row["level"])
        s.merge(r, 1, row["label"], cols=2, align=indent, bold=row["level"] == 0)
        for k, col in enumerate((*report.COLUMNS, "total")):
            value = row["values"][col]
            s.cell(r, 3 + k, "" if value is None else value)
        r += 1
    s.merge(r, 1, _("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"),
            cols=3 + len(report.COLUMNS), align=LEFT, box=False)
    s.row = r + 1


def _review(s: _Sheet, v: dict) -> None:
    r = s.row
    n = len(report.REVIEW_FIELDS) + 1
    s.merge(r, 1, str(report.REVIEW_LABELS["reconsideration"]), cols=n, bold=True)
    s.merge(r, 1 + n, _("行政诉讼"), cols=2 * n, bold=True)
    fields = (*report.REVIEW_FIELDS, "total")
    for k, field in enumerate(fields):
        s.merge(r + 1, 1 + k, str(report.REVIEW_LABELS[field]), rows=2, bold=True)
    for g, group in enumerate(("direct_suit", "suit_after")):
        start = 1 + n * (g + 1)
        s.merge(r + 1, start, str(report.REVIEW_LABELS[group]), cols=n, bold=True)
        for k, field in enumerate(fields):
            s.cell(r + 2, start + k, str(report.REVIEW_LABELS[field]), bold=True)
    for g, group in enumerate(report.REVIEW_GROUPS):
        for k, field in enumerate(fields):
            s.cell(r + 3, 1 + n * g + k, v[group][field])
    s.row = r + 4


def workbook(doc: dict) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        wb = Workbook()
        ws = wb.active
        ws.title = _("年度报告")
        s = _Sheet(ws)
        s.merge(1, 1, doc["title"], cols=3 * (len(report.REVIEW_FIELDS) + 1), bold=True, box=False)
        ws.cell(row=1, column=1).font = Font(bold=True, size=14)
        s.row = 2
        if doc.get("signer"):
            s.merge(2, 1, _("审签：%(title)s %(name)s") % doc["signer"], cols=TEXT_WIDTH, align=LEFT, box=False)
            s.row = 3
        s.heading(_("一、总体情况"))
        s.text(doc["overview"])
        s.heading(_("二、主动公开政府信息情况"))
        _proactive(s, doc["proactive"])
        s.heading(_("三、收到和处理政府信息公开申请情况"))
        _requests(s, doc["requests"])
        s.heading(_("四、政府信息公开行政复议、行政诉讼情况"))
        _review(s, doc["review"])
        s.heading(_("五、存在的主要问题及改进情况"))
        s.text(doc["problems"])
        s.heading(_("六、其他需要报告的事项"))
        s.text(doc["other_matters"])
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 30
        for col in range(3, 16):
            ws.column_dimensions[get_column_letter(col)].width = 12
        ws.print_options.gridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        out = BytesIO()
        wb.save(out)
    return out.getvalue()


def filename(doc: dict) -> tuple[str, str]:
    """(ASCII fallback, the title) for Content-Disposition."""
    return f"foi-annual-report-{doc['subject']}-r{doc['revision']}.xlsx", f"{doc['title']}.xlsx"
