"""Letters pages that read: the public list, detail, JSON, feed and published statistics; the
writer's tracking page (with the rating); the staff list, letter page and statistics. The pages
that start or advance the process (writing in, reopening, the staff steps) are in
workflows/letters_views.py and reuse `detail_context` and `track_context` from here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from backend.accounts.models import Department
from backend.common.attempts import client_address
from backend.common.errors import DomainError
from backend.disclosure import selectors as disclosure_selectors
from backend.disclosure.feeds import _PublicationFeed
from backend.disclosure.models import Publication
from backend.ratings import rules as rating_rules
from backend.ratings.models import Rating
from backend.supervision.models import Clock

from . import rules, selectors, services, stats
from .api import open_steps, parse_period
from .models import STATUS_LABELS, Letter, LetterType

PAGE_SIZE = 20
CLOCK_STATES = Clock.State.choices


def field_errors(exc: DomainError) -> tuple[dict, list[str]]:
    """Errors beside their fields, and the summary at the top of the form."""
    by_field: dict = {}
    for e in exc.errors:
        by_field.setdefault(e.field or "__all__", []).append(str(e.message))
    return by_field, [str(e.message) for e in exc.errors]


# -- public -------------------------------------------------------------------------------------------
@require_safe
def public_list(request):
    qs = disclosure_selectors.publications_public(kind=Publication.Kind.LETTER).order_by("-decided_on", "-id")
    search = request.GET.get("q", "").strip()[:100]
    if search:
        qs = qs.filter(search_text__icontains=search)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "letters/public_list.html", {"page": page, "q": search,
                                                         "mailboxes": selectors.mailboxes_open()})


@require_safe
def public_detail(request, number: str):
    pub = disclosure_selectors.publication_get_public(kind=Publication.Kind.LETTER, subject=number)
    if pub is None:
        raise Http404
    return render(request, "letters/public_detail.html", {"pub": pub, "p": pub.payload})


def _public_json(pub: Publication) -> dict:
    return {**pub.payload, "version": pub.version, "published_at": pub.published_at.isoformat(),
            "status": pub.status}


@require_safe
def public_json(request):
    qs = disclosure_selectors.publications_public(kind=Publication.Kind.LETTER).order_by("-decided_on", "-id")[:500]
    return JsonResponse({"letters": [_public_json(p) for p in qs]}, json_dumps_params={"ensure_ascii": False})


class LetterFeed(_PublicationFeed):
    kind = Publication.Kind.LETTER
    section = "letters"

    def title(self):
        return _("县长信箱 · 来信答复")

    def feed_url(self):
        return "/public/letters/feed.atom"

    def published_title(self, item: Publication):
        return item.title

    def item_description(self, item: Publication):
        from django.utils.html import escape

        return escape(item.payload.get("reply", ""))


@require_safe
def public_stats(request):
    qs = disclosure_selectors.publications_public(kind=Publication.Kind.MAILBOX_STATS).order_by("-decided_on", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "letters/public_stats_list.html", {"page": page})


@require_safe
def public_stats_detail(request, subject: str):
    pub = disclosure_selectors.publication_get_public(kind=Publication.Kind.MAILBOX_STATS, subject=subject)
    if pub is None:
        raise Http404
    return render(request, "letters/public_stats_detail.html", {"pub": pub, "p": pub.payload})


# -- the writer's tracking page --------------------------------------------------------------------
def track_context(letter: Letter | None, **extra) -> dict:
    context = {"letter": letter, "rating": None, "may_rate": False, "may_reopen": False, "follow_up": None,
               "scores": Rating.Score.choices, "reply_due": None, **extra}
    if letter is not None:
        rating = Rating.objects.filter(case_id=letter.case_id).first()
        follow = Letter.objects.filter(follow_up_of=letter).select_related("case").first()
        completed = letter.case.status == "completed"
        context.update(
            rating=rating, follow_up=follow, may_rate=completed and rating is None,
            may_reopen=(completed and rating is not None and rating.score <= Rating.LOW_SCORE_MAX
                        and follow is None and letter.follow_up_of_id is None),
            notices=letter.notices.all(),
        )
        if letter.accepted_at and not letter.replied_at:
            from .serializers import _deadline

            context["reply_due"] = _deadline(letter)
    return context


@require_http_methods(["GET", "POST"])
def track(request):
    source = request.POST if request.method == "POST" else request.GET
    number = source.get("number", "").strip()[:32]
    query_code = source.get("query_code", "").strip()[:16]
    context = {"number": number, "query_code": query_code, "error": "", "errors": {}}
    status = 200
    letter = None
    if "query_code" in source:
        if not number or not query_code:
            context["error"], status = _("请填写信件编号和查询码。"), 400
        else:
            try:
                if request.method == "POST":  # the rating form
                    rating_rules.clean_input(request.POST.get("score"), request.POST.get("comment", ""))
                letter = selectors.letter_public_lookup(number=number, query_code=query_code,
                                                        client=client_address(request))
                if request.method == "POST":
                    services.letter_rate(case=letter.case, score=request.POST.get("score"),
                                         comment=request.POST.get("comment", ""), now=timezone.now())
                    context["rated"] = True
            except DomainError as exc:
                context["errors"], summary = field_errors(exc)
                context["error"], status = summary[0], exc.status
                if exc.status in (404, 429):
                    letter = None
    if letter is not None:
        letter = selectors.letter_fresh(letter)
    context.update(track_context(letter))
    return render(request, "letters/track.html", context, status=status)


# -- staff ------------------------------------------------------------------------------------------
def _staff(request):
    if not request.user.is_staff_member and not selectors.sees_all(request.user):
        raise PermissionDenied


@login_required
@require_safe
def staff_list(request):
    _staff(request)
    filters = {k: request.GET.get(k, "").strip()[:100] for k in ("status", "letter_type", "department", "mailbox",
                                                                  "search")}
    qs = selectors.with_clock_state(selectors.letter_filter(selectors.letter_list_visible_to(user=request.user),
                                                            **filters))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    steps = open_steps(page.object_list)
    rows = [(letter, steps.get(letter.case.process_id)) for letter in page.object_list]
    office = bool(selectors.office_mailbox_ids(user=request.user)) or selectors.sees_all(request.user)
    return render(request, "letters/staff_list.html", {
        "page": page, "rows": rows, "filters": filters, "types": LetterType.choices, "office": office,
        "departments": Department.objects.order_by("code") if office else [],
        "statuses": list(STATUS_LABELS.items()),
        "clock_states": dict(CLOCK_STATES),
    })


def detail_context(request, letter: Letter, *, errors=None, summary=None, values=None, form: str = "") -> dict:
    from .selectors import letter_timeline_rows

    steps = open_steps([letter])
    step = steps.get(letter.case.process_id)
    office = letter.mailbox_id in selectors.office_mailbox_ids(user=request.user) or request.user.is_superuser
    return {
        "letter": letter, "step": step, "office": office, "errors": errors or {}, "summary": summary or [],
        "values": values or {}, "form": form,
        "departments": Department.objects.order_by("code"),
        "not_accepted": Letter.NotAccepted.choices, "classifications": Letter.Classification.choices,
        "outcomes": Letter.Outcome.choices, "allowed_outcomes": {k: list(v) for k, v in rules.OUTCOMES.items()},
        "releases": letter.releases.select_related("signed_by"), "attachments": letter.attachments.all(),
        "transfers": letter.transfers.select_related("actor", "from_department", "to_department"),
        "events": letter.case.events.select_related("actor").order_by("created_at", "id"),
        "rows": letter_timeline_rows(letter.case), "notices": letter.notices.all(),
        "rating": Rating.objects.filter(case_id=letter.case_id).first(),
        "follow_up": Letter.objects.filter(follow_up_of=letter).select_related("case").first(),
        "referral": getattr(letter, "referral", None) if hasattr(letter, "referral") else None,
        "reply_due": track_context(letter)["reply_due"],
        "clock_state": selectors.with_clock_state(Letter.objects.filter(pk=letter.pk)).values_list(
            "clock_state", flat=True).first(),
        "clock_states": dict(CLOCK_STATES),
    }


@login_required
@require_safe
def staff_detail(request, number: str):
    _staff(request)
    try:
        letter = selectors.letter_get_visible(number=number, user=request.user)
    except DomainError:
        raise Http404 from None
    return render(request, "letters/staff_detail.html", detail_context(request, letter))


@login_required
@require_safe
def staff_stats(request):
    _staff(request)
    error = ""
    try:
        date_from, date_to = parse_period(request.GET)
    except DomainError as exc:
        error = exc.errors[0].message
        date_from, date_to = parse_period({})
    letters = selectors.letter_filter(selectors.letter_list_visible_to(user=request.user),
                                      mailbox=request.GET.get("mailbox", "")[:40])
    ledger = []
    if selectors.sees_all(request.user) or selectors.office_mailbox_ids(user=request.user):
        from backend.statistics.selectors import stats_table

        # The statistics ledger's case figures of each mailbox item (yellow and red cards, overdue,
        # extensions): letters are counted there like every case.
        for mailbox in selectors.mailboxes_open():
            ledger.append((mailbox, stats_table(group_by="department", date_from=date_from, date_to=date_to,
                                                filters={"item": mailbox.item_id})))
    return render(request, "letters/staff_stats.html", {
        "ledger": ledger,
        "rows": stats.stats_by_department_month(letters=letters, date_from=date_from, date_to=date_to),
        "total": stats.stats_total(letters=letters, date_from=date_from, date_to=date_to),
        "date_from": date_from, "date_to": date_to, "error": error, "mailboxes": selectors.mailboxes_open(),
        "mailbox": request.GET.get("mailbox", "")[:40],
    }, status=400 if error else 200)


@login_required
@require_safe
def attachment_download(request, number: str, attachment_id: int):
    """A letter's attachment, only to staff who may see the letter (private storage)."""
    from backend.cases.materials import download_name
    from backend.common.downloads import private_download

    _staff(request)
    try:
        letter = selectors.letter_get_visible(number=number, user=request.user)
    except DomainError:
        raise Http404 from None
    att = letter.attachments.filter(pk=attachment_id).first()
    if att is None:
        raise Http404
    return private_download(att.file, filename=download_name(att.original_name, att.content_type),
                            content_type=att.content_type, gone_message=_("附件文件已不存在。"))
