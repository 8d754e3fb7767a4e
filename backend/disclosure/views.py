"""The public disclosure site (no login): guides, results and the centre hall's display screen."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from backend.catalog.diagram import layout
from backend.catalog.related import related_for_item
from backend.common.errors import DomainError
from backend.common.pagecache import public_page

from . import selectors
from .models import Publication

PAGE_SIZE = 30
# The index also counts today's cases, which no publication announces: its copy lives a minute.
INDEX_CACHE_SECONDS = 60
SCREEN_ROWS = 12
SCREEN_REFRESH_SECONDS = 30


def _text(request, name: str, limit: int) -> str:
    return request.GET.get(name, "").strip()[:limit]


@require_safe
@public_page(timeout=INDEX_CACHE_SECONDS)
def public_index(request):
    now = timezone.now()
    return render(request, "disclosure/index.html", {
        "figures": selectors.today_figures(now=now),
        "latest": selectors.result_list_public()[:5],
    })


@require_safe
@public_page
def guide_list(request):
    query, department = _text(request, "q", 100), _text(request, "department", 32)
    guides = selectors.guide_list_public(search=query, department=department)
    page = Paginator(guides, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosure/guide_list.html", {
        "query": query, "department": department, "page": page,
        "choices": selectors.filter_choices(kind=Publication.Kind.GUIDE),
    })


@require_safe
@public_page
def kiosk_index(request):
    query = _text(request, "q", 100)
    guides = selectors.guide_list_public(search=query)
    return render(request, "disclosure/kiosk_index.html", {"query": query, "guides": guides[:300],
                                                           "documents": selectors.catalogue_latest(6)})


def _publication_or_404(kind: str, subject: str) -> Publication:
    publication = selectors.publication_get_public(kind=kind, subject=subject)
    if publication is None:
        raise Http404(subject)
    return publication


def _withdrawn(request, publication: Publication):
    return render(request, "disclosure/withdrawn.html", {"publication": publication}, status=410)


TEMPLATES = {"page": "disclosure/guide_detail.html", "print": "disclosure/guide_print.html",
             "kiosk": "disclosure/guide_kiosk.html"}


@require_safe
@public_page
def guide_detail(request, code: str, variant: str = "page"):
    publication = _publication_or_404(Publication.Kind.GUIDE, code)
    if publication.status == Publication.Status.WITHDRAWN:
        return _withdrawn(request, publication)
    guide = publication.payload
    # The published steps carry their department's name: the diagram needs no query.
    return render(request, TEMPLATES[variant], {"publication": publication, "guide": guide,
                                                "diagram": layout(guide.get("steps") or []),
                                                "related": related_for_item(publication.subject)})


@require_safe
@public_page
def result_list(request):
    department, item, month = _text(request, "department", 32), _text(request, "item", 40), _text(request, "month", 20)
    error = None
    try:
        results = selectors.result_list_public(department=department, item=item, month=month)
    except DomainError as exc:
        error = exc.errors[0].message
        results = selectors.result_list_public(department=department, item=item)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosure/result_list.html", {
        "department": department, "item": item, "month": month, "page": page, "month_error": error,
        "choices": selectors.filter_choices(kind=Publication.Kind.RESULT),
    }, status=400 if error else 200)


@require_safe
@public_page
def result_detail(request, number: str):
    publication = _publication_or_404(Publication.Kind.RESULT, number)
    if publication.status == Publication.Status.WITHDRAWN:
        return _withdrawn(request, publication)
    return render(request, "disclosure/result_detail.html", {"publication": publication, "r": publication.payload})


@require_safe
@public_page
def notice_list(request):
    """公示: notices of applications under public comment, the running ones first."""
    running_only = request.GET.get("running") == "1"
    notices = selectors.notice_list_public(today=timezone.localdate(), running_only=running_only)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosure/notice_list.html", {"page": page, "running_only": running_only,
                                                            "today": timezone.localdate().isoformat()})


@require_safe
@public_page
def notice_detail(request, number: str):
    publication = _publication_or_404(Publication.Kind.NOTICE, number)
    if publication.status == Publication.Status.WITHDRAWN:
        return _withdrawn(request, publication)
    return render(request, "disclosure/notice_detail.html", {
        "publication": publication, "n": publication.payload,
        "running": publication.payload["ends_on"] >= timezone.localdate().isoformat()})


@require_safe
def screen(request):
    now = timezone.now()
    return render(request, "disclosure/screen.html", {
        "now": now, "figures": selectors.today_figures(now=now),
        "results": selectors.result_list_public()[:SCREEN_ROWS], "refresh": SCREEN_REFRESH_SECONDS,
        "documents": selectors.catalogue_latest(5),
    })
