"""The supervision dashboard (监察看板) and the case drill-down, for supervision officers: read-only
pages; every figure comes from dashboard.py / dashboard_charts.py (SQL) and selectors (the ledger)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from backend.cases.selectors import case_get_visible
from backend.common.errors import DomainError, NotFound

from . import dashboard, dashboard_charts, orders_selectors, selectors

PAGE_SIZE = 50


def _supervisors_only(request) -> None:
    if not selectors.can_supervise(request.user):
        raise PermissionDenied(_("只有监察人员和管理员可以查看监察看板。"))


def _list_url(filters: dashboard.Filters, **override) -> str:
    query = filters.query(**override)
    return reverse("supervision:dashboard") + ("?" + urlencode(query) if query else "") + "#case-list"


def _tables(charts: dict) -> dict:
    """Each chart's figures as the rows of its accessible table (the same numbers as the JSON)."""
    daily, on_time, cards, used = charts["daily"], charts["on_time"], charts["cards"], charts["used"]
    return {
        "daily": list(zip(daily["days"], daily["received"], daily["completed"], strict=True)),
        "on_time": list(zip(on_time["months"], on_time["total"], on_time["on_time"], on_time["late"],
                            on_time["rate"], strict=True)),
        "cards": list(zip(cards["departments"], cards["yellow"], cards["red"], strict=True)),
        "used": list(zip(used["days"], used["cases"], strict=True)),
    }


@login_required
@require_safe
def dashboard_page(request):
    """Counts, one list (yellow, red, suspended or statutory breach) and the charts, all under the
    filters in the query string, so a filtered view can be bookmarked."""
    _supervisors_only(request)
    context = {"choices": dashboard.filter_choices(), "params": {k: request.GET.get(k, "")
                                                                  for k in dashboard.FILTER_FIELDS}}
    try:
        filters = dashboard.filters_parse(request.GET)
        state = dashboard.state_parse(request.GET.get("state"))
    except DomainError as exc:
        errors = {e.field: str(e.message) for e in exc.errors}
        return render(request, "supervision/dashboard.html",
                      {**context, "errors": errors, "error_list": list(errors.values())}, status=400)
    now = timezone.now()
    today = timezone.localdate(now)
    clocks = dashboard.case_list(user=request.user, filters=filters, state=state)
    page = Paginator(clocks, PAGE_SIZE).get_page(request.GET.get("page"))
    charts = dashboard_charts.chart_data(
        filters=filters, today=today,
        link=lambda st, code: _list_url(filters, state=st, department=code or None, page=None))
    return render(request, "supervision/dashboard.html", {
        **context,
        "filters": filters, "state": state,
        "counts": dashboard.case_counts(user=request.user, filters=filters),
        "page": page, "rows": dashboard.case_rows(page.object_list),
        "state_links": {s: _list_url(filters, state=s, page=None) for s in dashboard.LIST_STATES},
        "page_query": urlencode(filters.query(state=state, page=None)),
        "charts": charts, "tables": _tables(charts),
    })


@login_required
@require_safe
def case_drilldown(request, number: str):
    """One case as a supervisor audits it; offers nothing that changes the case."""
    _supervisors_only(request)
    try:
        case = case_get_visible(number=number, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    today = timezone.localdate(timezone.now())
    return render(request, "supervision/case.html", {
        "case": case, **dashboard.case_drilldown(user=request.user, case=case, today=today),
        "case_orders": orders_selectors.order_list_visible_to(user=request.user).filter(case=case),
        "may_issue_order": orders_selectors.order_may_issue(request.user),
    })
