"""HTML-side views of cases: the printable notices handed out at the window."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from backend.common.errors import NotFound

from .notices import notice_kind, render_notice
from .selectors import case_get_visible


@require_GET
@login_required
def case_notice(request, number: str) -> HttpResponse:
    """The notice for the case's current state (receipt, supplement, refusal or acceptance), as PDF."""
    try:
        case = case_get_visible(number=number, user=request.user)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    kind = notice_kind(case)
    response = HttpResponse(render_notice(case, now=timezone.now()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}-{kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
