"""Every statistics table as an Excel workbook (openpyxl) or CSV (UTF-8 with a byte-order mark, so
that Excel opens the Chinese headers), under a name that says what it holds:
统计_部门_2026-11-01_2026-11-30.xlsx (with an ASCII name beside it for old clients)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.common.downloads import content_disposition

GROUP_NAMES = {"department": "部门", "item": "事项", "centre": "服务中心", "staff": "人员", "step": "环节"}
GROUP_LABELS = {"department": gettext_lazy("部门"), "item": gettext_lazy("事项"), "centre": gettext_lazy("服务中心"),
                "staff": gettext_lazy("人员"), "step": gettext_lazy("环节")}
RATES = {"on_time_rate", "early_rate"}
DECIMALS = {"mean_days", "median_days", "p90_days", "mean_rating"}


def columns(group_by: str) -> list[tuple[str, str]]:
    """(row key, header) of every column, in order."""
    return [
        ("key", _("编码")), ("label", GROUP_LABELS.get(group_by, group_by)),
        ("received", _("收件")), ("accepted", _("受理")), ("refused", _("不予受理")), ("completed", _("办结")),
        ("on_time", _("按时办结")), ("on_time_rate", _("按时办结率")), ("early_rate", _("提前办结率")),
        ("overdue", _("超时办结")), ("mean_days", _("平均用时（工作日）")), ("median_days", _("用时中位数")),
        ("p90_days", _("用时第90百分位")), ("send_backs", _("退回")), ("extensions", _("延期")),
        ("cards_yellow", _("黄牌")), ("cards_red", _("红牌")), ("ratings", _("评价数")),
        ("mean_rating", _("平均评价")),
    ]


def cell(name: str, value):
    """A value as shown: rates as percentages, averages with two decimals, nothing for none."""
    if value is None:
        return ""
    if name in RATES:
        return f"{value * 100:.1f}%"
    if name in DECIMALS:
        return round(value, 2)
    return value


def filename(group_by: str, date_from, date_to, extension: str) -> tuple[str, str]:
    """(Chinese name, ASCII fallback)."""
    span = f"{date_from:%Y-%m-%d}_{date_to:%Y-%m-%d}"
    return (f"统计_{GROUP_NAMES.get(group_by, group_by)}_{span}.{extension}",
            f"statistics_{group_by}_{span}.{extension}")


def table_csv(rows: list[dict], group_by: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    cols = columns(group_by)
    writer.writerow([str(header) for _name, header in cols])
    for row in rows:
        writer.writerow([cell(name, row.get(name)) for name, _header in cols])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def table_xlsx(rows: list[dict], group_by: str, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("统计")
    cols = columns(group_by)
    sheet.append([str(header) for _name, header in cols])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for row in rows:
        values = []
        for name, _header in cols:
            value = row.get(name)
            values.append(round(value, 4) if name in RATES and value is not None else cell(name, value))
        sheet.append(values)
    for index, (name, _header) in enumerate(cols, start=1):
        if name in RATES:
            for (c,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                c.number_format = "0.0%"
    sheet.freeze_panes = "C2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(rows: list[dict], *, group_by: str, date_from, date_to, output: str) -> HttpResponse:
    name, ascii_name = filename(group_by, date_from, date_to, output)
    if output == "xlsx":
        body = table_xlsx(rows, group_by, title=name)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = table_csv(rows, group_by)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, ascii_name=ascii_name)
    response["Cache-Control"] = "no-store"
    return response
