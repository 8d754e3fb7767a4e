"""The rating card on the portal case page: {% load rating_tags %}{% rating_card %}."""

from django import template

from .. import selectors
from ..models import COMMENT_MAX, Rating

register = template.Library()


@register.inclusion_tag("ratings/_case_card.html", takes_context=True)
def rating_card(context):
    """For the applicant of a completed case: the form if not rated yet, else their rating. Staff
    and supervisors on that page see nothing here (they read ratings on /ratings/staff/)."""
    case = context.get("case")
    user = context.get("user")
    mine = bool(case is not None and user is not None and user.is_authenticated
                and case.applicant_user_id == user.pk and case.status == case.Status.COMPLETED)
    rating = selectors.rating_for_case(case) if mine else None
    return {"show": mine, "case": case, "rating": rating, "can_rate": mine and rating is None,
            "scores": Rating.Score.choices, "comment_max": COMMENT_MAX, "csrf_token": context.get("csrf_token")}
