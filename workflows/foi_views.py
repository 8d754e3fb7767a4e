"""Pages that file an information request or advance its process: the applicant's online form, the
office's registration of a posted or handed-in request, and the step buttons of the request page
(confirm receipt, submit the reply, sign off / send back, record the delivery)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backend.accounts.models import Department
from backend.common.errors import DomainError, NotFound
from backend.foi import selectors
from backend.foi.models import InfoRequest
from backend.foi.organs import ITEM_PREFIX
from backend.foi.views import errors_of, render_detail

from . import decisions, foi

APPLICANT_KEYS = ("type", "name", "id_number", "credit_code", "contact_name", "mobile")


def _organs():
    return Department.objects.filter(items__code__startswith=ITEM_PREFIX, items__is_active=True).distinct() \
        .order_by("code")


def _form(request, *, staff: bool):
    values = request.POST if request.method == "POST" else {}
    errors: dict = {}
    if request.method == "POST":
        applicant = {k: (request.POST.get(k) or "").strip() for k in APPLICANT_KEYS}
        applicant = {k: v for k, v in applicant.items() if v or k == "name"}
        channel = request.POST.get("channel") if staff else InfoRequest.Channel.ONLINE
        try:
            info = foi.foi_file(organ_id=request.POST.get("organ"), channel=channel, applicant=applicant,
                                data=request.POST, actor=request.user, now=timezone.now())
        except DomainError as exc:
            errors = {k.removeprefix("applicant."): v for k, v in errors_of(exc).items()}
        else:
            if staff:
                messages.success(request, _("已登记，办件编号 %(n)s，查询码 %(c)s。") % {
                    "n": info.case.number, "c": info.case.query_code})
                return redirect("foi:detail", number=info.case.number)
            return render(request, "foi/filed.html", {"info": info})
    organs = [o for o in _organs() if not staff or o.pk in request.user.department_ids]
    return render(request, "foi/file.html", {
        "staff": staff, "values": values, "errors": errors, "organ_choices": [(o.pk, o.name) for o in organs],
        "channels": [(InfoRequest.Channel.POST, _("信函申请")), (InfoRequest.Channel.IN_PERSON, _("当面申请"))],
        "post_kinds": [("signed", _("挂号信、快递等需签收的邮件")), ("ordinary", _("平常信函"))],
        "applicant_types": [("person", _("公民（自然人）")), ("company", _("法人或其他组织"))],
        "forms": InfoRequest.Form.choices, "ways": InfoRequest.DeliveryWay.choices,
        "kinds": InfoRequest.OrganisationKind.choices,
        "shown": {"organ", "channel", "type", "name", "id_number", "credit_code", "contact_name", "mobile",
                  "organisation_kind", "description", "form", "delivery_way", "address", "email", "post_kind",
                  "signed_on"},
    }, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    """网上申请: a signed-in applicant files; the organ confirms receipt (art. 31 item 3)."""
    return _form(request, staff=False)


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    """信函、当面申请: the office registers it with its receipt date (art. 31 items 1–2)."""
    if not request.user.is_staff_member:
        raise Http404(_("页面不存在。"))
    return _form(request, staff=True)


def _step(request, number: str, form: str, action):
    try:
        info = selectors.request_get_visible(number=number, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    try:
        action(info)
    except DomainError as exc:
        return render_detail(request, info, errors=errors_of(exc), form=form, values=request.POST,
                             status=exc.status if exc.status in (400, 403, 409) else 400)
    return redirect("foi:detail", number=number)


@login_required
@require_POST
def confirm(request, number: str):
    return _step(request, number, "confirm", lambda info: foi.foi_confirm(request=info, actor=request.user,
                                                                         now=timezone.now()))


@login_required
@require_POST
def submit(request, number: str):
    return _step(request, number, "submit", lambda info: foi.foi_submit(
        request=info, actor=request.user, now=timezone.now(), opinion=request.POST.get("opinion", "")))


@login_required
@require_POST
def sign(request, number: str):
    if request.POST.get("decision") == "send_back":
        return _step(request, number, "sign", lambda info: foi.foi_send_back(
            request=info, actor=request.user, now=timezone.now(), opinion=request.POST.get("opinion", "")))
    return _step(request, number, "sign", lambda info: foi.foi_sign(
        request=info, actor=request.user, now=timezone.now(), opinion=request.POST.get("opinion", "")))


@login_required
@require_POST
def deliver(request, number: str):
    def record(info):
        step_input = {k: request.POST.get(k) for k in decisions.STEP_FIELDS["deliver"]
                      if k not in decisions.FILE_FIELDS and request.POST.get(k)}
        if request.FILES.get("proof") is not None:
            step_input["proof"] = request.FILES["proof"]
        foi.foi_deliver(request=info, step_input=step_input, actor=request.user, now=timezone.now(),
                        opinion=request.POST.get("opinion", ""))
    return _step(request, number, "deliver", record)
