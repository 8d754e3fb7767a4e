"""The statistics query as the API and the page take it (?group_by=&from=&to=&department=&item=
&centre=&format=), checked field by field: a bad parameter is a 400 naming it."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from backend.catalog.models import ServiceItem
from backend.common.errors import DomainError, FieldError
from backend.common.validators import parse_day

from .selectors import GROUPS

FORMATS = ("json", "xlsx", "csv")
MAX_DAYS = 366 * 10
PARAMETERS = ("group_by", "from", "to", "department", "item", "centre", "format")


def stats_query_parse(params: Mapping) -> dict:
    errors: list[FieldError] = []
    group_by = params.get("group_by") or "department"
    if group_by not in GROUPS:
        errors.append(FieldError("group_by", "invalid", _("分组应为 department、item、centre、staff 或 step。")))
    days = {}
    for name in ("from", "to"):
        raw = params.get(name) or ""
        days[name] = parse_day(raw)
        if days[name] is None:
            code = "required" if not raw else "invalid"
            errors.append(FieldError(name, code, _("请填写日期，格式为 YYYY-MM-DD。")))
    if days["from"] and days["to"]:
        if days["to"] < days["from"]:
            errors.append(FieldError("to", "invalid", _("结束日期不能早于开始日期。")))
        elif (days["to"] - days["from"]).days > MAX_DAYS:
            errors.append(FieldError("to", "too_long", _("统计期间最长十年。")))
    filters = {}
    for name in ("department", "centre"):
        raw = (params.get(name) or "").strip()
        if raw:
            if raw.isdigit() and len(raw) < 10:
                filters[name] = int(raw)
            else:
                errors.append(FieldError(name, "invalid", _("应为编号（整数）。")))
    code = (params.get("item") or "").strip()
    if code:
        item_id = ServiceItem.objects.filter(code=code).values_list("pk", flat=True).first()
        if item_id is None:
            errors.append(FieldError("item", "not_found", _("事项编码不存在。")))
        else:
            filters["item"] = item_id
    output = params.get("format") or "json"
    if output not in FORMATS:
        errors.append(FieldError("format", "invalid", _("导出格式应为 xlsx 或 csv。")))
    if errors:
        raise DomainError(errors)
    return {"group_by": group_by, "date_from": days["from"], "date_to": days["to"], "filters": filters,
            "format": output}
