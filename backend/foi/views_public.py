"""The applicant's tracking of an information request by number + query code (the cases' braked
lookup): where it stands and its deadline, the 补正 notice and the answer to it, the reply letter."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from backend.cases.extensions import case_section
from backend.common.attempts import client_address
from backend.common.errors import DomainError

from . import api, selectors, services
from .views import errors_of


@require_http_methods(["GET", "POST"])
def track(request):
    """GET: the form. POST: look up (and, with `action`, answer the 补正 notice or download the reply)."""
    values = request.POST if request.method == "POST" else request.GET
    context = {"values": values, "errors": {}, "info": None}
    if request.method != "POST":
        return render(request, "foi/track.html", context)
    try:
        info = selectors.request_public_lookup(number=values.get("number", ""), query_code=values.get("query_code", ""),
                                               client=client_address(request))
    except DomainError as exc:
        context["errors"] = errors_of(exc)
        return render(request, "foi/track.html", context, status=exc.status if exc.status == 429 else 404)
    action = values.get("action", "")
    if action == "reply_pdf":
        return api.reply_pdf_response(info, staff=False)
    if action == "supplement":
        try:
            services.supplement_answer(request=info, answer=values.get("supplement_answer"), actor=None,
                                       now=timezone.now())
            info.refresh_from_db()
            context["done"] = _("补正已提交，答复期限自今日起重新计算。")
        except DomainError as exc:
            context["errors"] = errors_of(exc)
    context.update(info=info, stage_label=selectors.STAGES[selectors.stage(info)],
                   clock=case_section("clock_public", info.case, timezone.localdate()))
    return render(request, "foi/track.html", context, status=400 if context["errors"] else 200)
