"""HTML-side views of cases: the printable notices handed out at the window."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from backend.common.downloads import content_disposition
from backend.common.errors import NotFound

from .notices import notice_kind, notice_title, render_notice
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
    # 受理通知书-TB….pdf; old clients get the ASCII name with the notice's kind.
    response["Content-Disposition"] = content_disposition(f"{notice_title(case)}-{case.number}.pdf",
                                                          ascii_name=f"{case.number}-{kind}.pdf", inline=True)
    response["Cache-Control"] = "private, no-store"
    return response
