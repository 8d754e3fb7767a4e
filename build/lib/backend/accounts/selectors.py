"""Reads about staff: stand-ins and who may take a department's tasks."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import Department, StandIn, User
from .roles import STAFF_ROLES


def stand_ins_active(*, on: date) -> QuerySet[StandIn]:
    return StandIn.objects.filter(cancelled_at__isnull=True, starts_on__lte=on, ends_on__gte=on)


def absent_ids_covered_by(*, user: User, on: date) -> list[int]:
    """The people `user` stands in for on the day."""
    return list(stand_ins_active(on=on).filter(stand_in=user).values_list("absent_id", flat=True))


def stand_ins_of(*, user: User) -> QuerySet[StandIn]:
    """The stand-ins a person has named, and those naming them, newest first."""
    from django.db.models import Q

    return StandIn.objects.filter(Q(absent=user) | Q(stand_in=user)).select_related("absent", "stand_in")


def stand_in_candidates(*, user: User) -> QuerySet[User]:
    """Colleagues who may stand in for `user`: active staff sharing one of their departments."""
    return (User.objects.filter(is_active=True, departments__in=user.department_ids,
                                groups__name__in=STAFF_ROLES)
            .exclude(pk=user.pk).distinct().order_by("last_name", "first_name", "username"))


def headed_department_ids(*, user: User) -> list[int]:
    return list(Department.objects.filter(head=user).values_list("pk", flat=True))
