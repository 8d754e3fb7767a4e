"""Reads for the public site. Everything public comes from Publication rows, never from cases."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.common.errors import DomainError

from .models import Publication

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def publications_public(*, kind: str) -> QuerySet[Publication]:
    return Publication.objects.filter(kind=kind, status=Publication.Status.PUBLISHED)


def guide_list_public(*, search: str = "", department: str = "") -> QuerySet[Publication]:
    qs = publications_public(kind=Publication.Kind.GUIDE).order_by("department_code", "item_code")
    if search:
        qs = qs.filter(Q(item_name__icontains=search) | Q(item_code__icontains=search)
                       | Q(department_name__icontains=search) | Q(search_text__icontains=search))
    if department:
        qs = qs.filter(department_code=department)
    return qs


def month_range(value: str) -> tuple[date, date] | None:
    """'2026-11' → (2026-11-01, 2026-11-30); '' → None; anything else is a 400."""
    if not value:
        return None
    match = MONTH_RE.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise DomainError.single("month", "invalid", _("月份格式应为 YYYY-MM，例如 2026-11。"))
    year, month = int(match.group(1)), int(match.group(2))
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def catalogue_latest(limit: int = 10) -> list[Publication]:
    """The disclosure catalogue's newest documents (backend/directory publishes them as kind
    "document"), for the hall screen and the kiosk."""
    return list(publications_public(kind=Publication.Kind.DOCUMENT).order_by("-published_at", "-id")[:limit])


def result_list_public(*, department: str = "", item: str = "", month: str = "") -> QuerySet[Publication]:
    qs = publications_public(kind=Publication.Kind.RESULT).order_by("-decided_on", "-published_at", "-id")
    if department:
        qs = qs.filter(department_code=department)
    if item:
        qs = qs.filter(item_code=item)
    span = month_range(month)
    if span:
        qs = qs.filter(decided_on__range=span)
    return qs


def notice_list_public(*, today: date, running_only: bool = False) -> QuerySet[Publication]:
    """公示 notices (their date column is the period's last day), newest first, each with
    `running`: whether the period still runs on `today`."""
    from django.db.models import BooleanField, Value, When
    from django.db.models import Case as Choose

    qs = publications_public(kind=Publication.Kind.NOTICE).annotate(
        running=Choose(When(decided_on__gte=today, then=Value(True)), default=Value(False),
                       output_field=BooleanField()))
    if running_only:
        qs = qs.filter(decided_on__gte=today)
    return qs.order_by("-decided_on", "-id")


def publication_get_public(*, kind: str, subject: str) -> Publication | None:
    """The current version, or the withdrawn one so the page can say it was withdrawn."""
    qs = Publication.objects.filter(kind=kind, subject=subject)
    return (qs.filter(status=Publication.Status.PUBLISHED).first()
            or qs.filter(status=Publication.Status.WITHDRAWN).order_by("-version").first())


def filter_choices(*, kind: str) -> dict:
    qs = publications_public(kind=kind)
    departments = qs.values_list("department_code", "department_name").distinct().order_by("department_code")
    items = qs.values_list("item_code", "item_name").distinct().order_by("item_code")
    return {"departments": list(departments), "items": list(items)}


def changed_at(*, kind: str) -> datetime | None:
    """When anything of this kind last changed (a publication, correction or withdrawal)."""
    return change_marker(kind=kind)[0]


def change_marker(*, kind: str) -> tuple[datetime | None, int | None]:
    """(last change time, newest publication id): the id moves with every new version even when the
    relay stamps it with a time no later than an earlier change (one `now` per sweep batch)."""
    marker = Publication.objects.filter(kind=kind).aggregate(changed=Max("updated_at"), newest=Max("id"))
    return marker["changed"], marker["newest"]


def feed_entries(*, kind: str, limit: int = 50) -> QuerySet[Publication]:
    """Current publications and withdrawals, newest change first: a withdrawal is an entry too."""
    return (Publication.objects.filter(kind=kind, status__in=[Publication.Status.PUBLISHED,
                                                              Publication.Status.WITHDRAWN])
            .order_by("-updated_at", "-id")[:limit])


@dataclass(frozen=True)
class TodayFigures:
    day: date
    accepted: int
    completed: int
    approved: int
    denied: int
    guides: int


def today_figures(*, now: datetime) -> TodayFigures:
    """The centre hall screen's numbers: cases accepted and completed today, and guides in force."""
    day = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(day, datetime.max.time()))
    accepted = Case.objects.filter(accepted_at__range=(start, end)).count()
    done = Case.objects.filter(completed_at__range=(start, end), status=Case.Status.COMPLETED).aggregate(
        completed=Count("id"), approved=Count("id", filter=Q(decision=Case.Decision.APPROVED)),
        denied=Count("id", filter=Q(decision=Case.Decision.DENIED)))
    return TodayFigures(day=day, accepted=accepted, completed=done["completed"], approved=done["approved"],
                        denied=done["denied"], guides=publications_public(kind=Publication.Kind.GUIDE).count())
