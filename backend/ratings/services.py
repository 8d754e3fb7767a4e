"""Writes of ratings: one per completed case, by the applicant on the portal, on the window tablet
or with the case number and query code. A rating is immutable once saved (no update service
exists, the admin is read-only): neither staff nor the applicant can change it.

`rating_submitted` is sent inside the saving transaction (see signals.py)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backend.cases.models import Case
from backend.cases.selectors import case_get_visible, case_public_lookup_guarded
from backend.catalog.models import ServiceItem
from backend.common.errors import DomainError

from . import rules, selectors
from .models import Rating
from .signals import rating_submitted


def rating_submit(*, case: Case, score, comment: str, channel: str, now: datetime) -> Rating:
    """Save the case's rating (409 if the case is not completed or was rated already)."""
    value, text = rules.clean_input(score, comment)
    try:
        with transaction.atomic():
            # Hold the case row: two submissions for one case happen one after the other.
            locked = Case.objects.select_for_update().only("pk", "status", "item_id").get(pk=case.pk)
            denial = rules.rating_denial(locked, already_rated=Rating.objects.filter(case=locked).exists())
            if denial:
                raise denial
            department_id = ServiceItem.objects.values_list("department_id", flat=True).get(pk=locked.item_id)
            rating = Rating.objects.create(case=locked, score=value, comment=text, channel=channel,
                                           item_id=locked.item_id, department_id=department_id, created_at=now)
            # Inside the transaction: what receivers write (a rectification, the statistics fact)
            # commits with the rating or not at all.
            rating_submitted.send(sender=Rating, rating=rating, now=now)
    except IntegrityError:  # a concurrent first rating won (SQLite has no row lock to wait on)
        raise rules.rating_denial(case, already_rated=True) from None
    return rating


def rating_submit_by_owner(*, number: str, user, score, comment: str, now: datetime) -> Rating:
    """The signed-in applicant rates their own case (the portal case page)."""
    case = case_get_visible(number=number, user=user)
    if case.applicant_user_id != user.pk:
        raise DomainError.single(None, "forbidden", _("只有申请人本人可以评价该办件。"), status=403)
    return rating_submit(case=case, score=score, comment=comment, channel=Rating.Channel.PORTAL, now=now)


def rating_submit_by_code(*, number: str, query_code: str, client: str, score, comment: str,
                          now: datetime) -> Rating:
    """Anyone holding the case number and query code rates the case. The lookup is the tracking
    page's (case_public_lookup_guarded): the same counters, limits and messages, so guesses made
    here and on the tracking page count together."""
    rules.clean_input(score, comment)  # a field error is not a guess: answer it before counting one
    case = case_public_lookup_guarded(number=number, query_code=query_code, client=client)
    return rating_submit(case=case, score=score, comment=comment, channel=Rating.Channel.QUERY, now=now)


def tablet_start(*, number: str, clerk) -> Case:
    """A clerk opens the window tablet for a case they handled; the case it will rate."""
    case = selectors.tablet_case_for(number=number, clerk=clerk)
    denial = rules.rating_denial(case, already_rated=selectors.is_rated(case))
    if denial:
        raise denial
    return case


def tablet_submit(*, case_id: int, clerk, score, comment: str, now: datetime) -> Rating:
    """The applicant's tap on the tablet the clerk opened (checked again: the case is the clerk's)."""
    case = selectors.tablet_case_by_id(case_id=case_id, clerk=clerk)
    return rating_submit(case=case, score=score, comment=comment, channel=Rating.Channel.WINDOW, now=now)
