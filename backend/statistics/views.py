"""The statistics page (/supervision/stats/): choose grouping and period, read the table, export it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from backend.accounts.models import Department, ServiceCentre
from backend.common.errors import DomainError

from . import exports, queries, selectors


@login_required
@require_safe
def stats_page(request):
    try:
        selectors.stats_check_visible(user=request.user)
    except DomainError as exc:
        raise PermissionDenied(str(exc)) from None
    today = timezone.localdate(timezone.now())
    params = {name: request.GET.get(name, "") for name in queries.PARAMETERS if name != "format"}
    params["from"] = params["from"] or today.replace(day=1).isoformat()
    params["to"] = params["to"] or today.isoformat()
    params["group_by"] = params["group_by"] or "department"
    rows, errors, query = [], [], None
    try:
        query = queries.stats_query_parse(params)
        rows = selectors.stats_table(group_by=query["group_by"], date_from=query["date_from"],
                                     date_to=query["date_to"], filters=query["filters"])
    except DomainError as exc:
        errors = exc.errors
    chosen = {k: v for k, v in params.items() if v}
    api_url = reverse("api-supervision-stats")
    columns = exports.columns(params["group_by"] if params["group_by"] in selectors.GROUPS else "department")
    return render(request, "statistics/stats.html", {
        "params": params, "rows": rows, "errors": errors, "query": query,
        "columns": columns[1:],  # the label column stands for the key
        "table_rows": [[exports.cell(name, row.get(name)) for name, _h in columns[1:]] for row in rows],
        "groups": [(g, exports.GROUP_LABELS[g]) for g in selectors.GROUPS],
        "departments": Department.objects.order_by("name").values_list("pk", "name"),
        "centres": ServiceCentre.objects.order_by("name").values_list("pk", "name"),
        "xlsx_url": f"{api_url}?{urlencode({**chosen, 'format': 'xlsx'})}",
        "csv_url": f"{api_url}?{urlencode({**chosen, 'format': 'csv'})}",
    })
