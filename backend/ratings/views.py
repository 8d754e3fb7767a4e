"""Rating pages: by case number and query code (/ratings/), the applicant's own case (from the
portal case page), the window tablet (/ratings/tablet/) and the staff list (/ratings/staff/).

The tablet: a clerk signs in on the window's tablet and opens it for a case they handled; the page
then shows only the five score buttons for the applicant to tap. The case waits in the clerk's
session (nothing is stored about a rating before it is submitted); a tap submits at once, so there
is no chosen-but-unsent state on screen, and the page afterwards says only 谢谢评价 and returns
to the idle form. The score never appears in any tablet response."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from backend.accounts import roles
from backend.cases.selectors import case_get_visible
from backend.common.attempts import client_address
from backend.common.errors import DomainError, NotFound
from backend.common.validators import parse_day

from . import selectors, services
from .models import COMMENT_MAX, Rating

TABLET_CASE = "ratings_tablet_case"
TABLET_THANKS = "ratings_tablet_thanks"
PAGE_SIZE = 30


def _field_errors(exc: DomainError) -> tuple[dict[str, list[str]], list[str]]:
    fields: dict[str, list[str]] = {}
    top: list[str] = []
    for error in exc.errors:
        if error.field:
            fields.setdefault(error.field, []).append(str(error.message))
        else:
            top.append(str(error.message))
    return fields, top


def _form_context(post=None) -> dict:
    post = post or {}
    return {"scores": Rating.Score.choices, "comment_max": COMMENT_MAX,
            "score": str(post.get("score", "")), "comment": post.get("comment", "")}


@require_http_methods(["GET", "POST"])
def rate_by_code(request):
    """Rate a completed case with the number and query code on the receipt, without signing in."""
    number = request.POST.get("number", "") if request.method == "POST" else request.GET.get("number", "")
    context = {**_form_context(request.POST), "number": number.strip()[:32],
               "query_code": request.POST.get("query_code", "").strip()[:16], "errors": {}, "top_errors": [],
               "done": False}
    status = 200
    if request.method == "POST":
        try:
            services.rating_submit_by_code(number=context["number"], query_code=context["query_code"],
                                           client=client_address(request), score=request.POST.get("score"),
                                           comment=request.POST.get("comment", ""), now=timezone.now())
        except DomainError as exc:
            context["errors"], context["top_errors"] = _field_errors(exc)
            status = exc.status
        else:
            context["done"] = True
    return render(request, "ratings/by_code.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rate_own_case(request, number: str):
    """The applicant's own case, from the rating card on the portal case page."""
    try:
        case = case_get_visible(number=number, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    if case.applicant_user_id != request.user.pk:
        raise PermissionDenied(_("只有申请人本人可以评价该办件。"))
    context = {**_form_context(request.POST), "case": case, "rating": selectors.rating_for_case(case),
               "errors": {}, "top_errors": []}
    status = 200
    if request.method == "POST":
        try:
            services.rating_submit_by_owner(number=number, user=request.user, score=request.POST.get("score"),
                                            comment=request.POST.get("comment", ""), now=timezone.now())
        except DomainError as exc:
            context["errors"], context["top_errors"] = _field_errors(exc)
            status = exc.status
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect("portal:case", number=case.number)
    return render(request, "ratings/own_case.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def tablet(request):
    """The window tablet: idle (the clerk enters a case number), rating (five buttons), thanks."""
    if not request.user.has_role(roles.CLERK):
        raise PermissionDenied(_("只有窗口人员可以开启窗口评价器。"))
    context = {"scores": Rating.Score.choices, "comment_max": COMMENT_MAX, "errors": {}, "top_errors": [],
               "number": "", "thanks": False, "case": None}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "start":
            context["number"] = request.POST.get("number", "").strip()[:32]
            try:
                case = services.tablet_start(number=context["number"], clerk=request.user)
            except DomainError as exc:
                context["errors"], context["top_errors"] = _field_errors(exc)
                status = exc.status
            else:
                request.session[TABLET_CASE] = case.pk
                return redirect("ratings:tablet")
        elif action == "rate" and request.session.get(TABLET_CASE):
            try:
                services.tablet_submit(case_id=request.session[TABLET_CASE], clerk=request.user,
                                       score=request.POST.get("score"), comment=request.POST.get("comment", ""),
                                       now=timezone.now())
            except DomainError as exc:
                fields, top = _field_errors(exc)
                if exc.status != 400:  # the case can no longer be rated here: back to idle
                    request.session.pop(TABLET_CASE, None)
                    context["top_errors"] = top or [m for ms in fields.values() for m in ms]
                    return render(request, "ratings/tablet.html", context, status=exc.status)
                # A bad score or comment: say which field, never what was chosen.
                context["errors"], context["top_errors"] = fields, top
                status = 400
            else:
                request.session.pop(TABLET_CASE, None)
                request.session[TABLET_THANKS] = True
                return redirect("ratings:tablet")
        elif action == "cancel":
            request.session.pop(TABLET_CASE, None)
            return redirect("ratings:tablet")
    context["thanks"] = request.method == "GET" and request.session.pop(TABLET_THANKS, False)
    case_id = request.session.get(TABLET_CASE)
    if case_id and not context["thanks"]:
        context["case"] = _tablet_case_or_none(case_id, request)
    return render(request, "ratings/tablet.html", context, status=status)


def _tablet_case_or_none(case_id: int, request):
    try:
        return selectors.tablet_case_by_id(case_id=case_id, clerk=request.user)
    except DomainError:
        request.session.pop(TABLET_CASE, None)
        return None


@login_required
@require_safe
def staff_list(request):
    """Ratings of the reader's departments (supervisors: all), without who rated."""
    if not selectors.may_read_ratings(request.user):
        raise PermissionDenied(_("只有工作人员、监察人员和管理员可以查看评价。"))
    date_from = parse_day(request.GET.get("from", "").strip()[:10])
    date_to = parse_day(request.GET.get("to", "").strip()[:10])
    rows = selectors.rating_list_visible_to(user=request.user, date_from=date_from, date_to=date_to)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Rating.Score.choices)
    channels = dict(Rating.Channel.choices)
    rows = list(page.object_list)
    for row in rows:
        row["score_label"] = labels.get(row["score"], "")
        row["channel_label"] = channels.get(row["channel"], "")
    return render(request, "ratings/staff_list.html",
                  {"page": page, "rows": rows, "date_from": date_from, "date_to": date_to})
