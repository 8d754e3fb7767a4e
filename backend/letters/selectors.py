"""Reads of letters, filtered once at the queryset by who is asking: the mailbox office (staff of
the department that runs a mailbox) sees all its letters; a department sees the letters assigned
to it (and those it transferred on, for the record); supervision and administrators see all."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.cases.selectors import case_public_lookup_guarded
from backend.common.errors import NotFound

from .models import Letter, Mailbox


def _base() -> QuerySet[Letter]:
    return Letter.objects.select_related("case", "mailbox__item", "department", "about_case", "follow_up_of__case")


def office_mailbox_ids(*, user) -> list[int]:
    if not user or not user.is_authenticated or not user.is_staff_member:
        return []
    return list(Mailbox.objects.filter(item__department_id__in=list(user.department_ids)).values_list("pk", flat=True))


def sees_all(user) -> bool:
    return bool(user and user.is_authenticated
                and (user.is_superuser or user.has_role(roles.SUPERVISOR) or user.has_role(roles.ADMIN)))


def letter_list_visible_to(*, user) -> QuerySet[Letter]:
    qs = _base()
    if not user or not user.is_authenticated:
        return qs.none()
    if sees_all(user):
        return qs
    if not user.is_staff_member:
        return qs.none()
    departments = list(user.department_ids)
    condition = Q(mailbox_id__in=office_mailbox_ids(user=user)) | Q(department_id__in=departments)
    condition |= Q(transfers__from_department_id__in=departments)
    return qs.filter(condition).distinct()


def letter_get_visible(*, number: str, user) -> Letter:
    letter = letter_list_visible_to(user=user).filter(case__number=number).first()
    if letter is None:
        raise NotFound(_("来信不存在。"))
    return letter


def letter_filter(qs: QuerySet[Letter], *, status: str = "", letter_type: str = "", department: str = "",
                  mailbox: str = "", search: str = "") -> QuerySet[Letter]:
    if status:
        qs = qs.filter(case__status=status)
    if letter_type:
        qs = qs.filter(letter_type=letter_type)
    if department:
        qs = qs.filter(department__code=department)
    if mailbox:
        qs = qs.filter(mailbox__code=mailbox)
    if search:
        qs = qs.filter(Q(subject__icontains=search) | Q(case__number__icontains=search))
    return qs


def letter_public_lookup(*, number: str, query_code: str, client: str) -> Letter:
    """The writer's tracking: the cases' braked lookup, then the letter of that case."""
    case = case_public_lookup_guarded(number=number, query_code=query_code, client=client)
    letter = _base().filter(case=case).first()
    if letter is None:
        raise NotFound(_("信件编号或查询码不正确。"))
    return letter


def with_clock_state(qs: QuerySet[Letter]) -> QuerySet[Letter]:
    """Each letter's promised clock state (green, yellow, red, suspended) and deadline, in the same query."""
    from django.db.models import OuterRef, Subquery

    from backend.supervision.models import Clock

    clocks = Clock.objects.filter(case_id=OuterRef("case_id"), kind=Clock.Kind.PROMISED).order_by("pk")
    return qs.annotate(clock_state=Subquery(clocks.values("state")[:1]),
                       clock_deadline=Subquery(clocks.values("projected_deadline")[:1]))


def letter_fresh(letter: Letter) -> Letter:
    return _base().get(pk=letter.pk)


def mailboxes_open() -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(is_active=True).select_related("item__department")


def letter_timeline_rows(case) -> list[dict]:
    """Rows for the supervision timeline of `case` (supervision.timeline's registry): complaint letters
    about it, and a letter's own transfers, sign-off and police referral."""
    rows = []
    for letter in Letter.objects.filter(about_case=case).select_related("case"):
        rows.append({"at": letter.received_at, "kind": "letter_complaint", "label": _("来信投诉"), "actor": None,
                     "detail": _("信件 %(number)s：%(subject)s") % {"number": letter.case.number,
                                                                 "subject": letter.subject}})
    letter = Letter.objects.filter(case=case).first()
    if letter is None:
        return rows
    for t in letter.transfers.select_related("actor", "from_department", "to_department"):
        rows.append({"at": t.created_at, "kind": "letter_transferred", "label": _("转办"), "actor": t.actor,
                     "detail": _("%(a)s → %(b)s：%(reason)s（原时限不变）") % {
                         "a": t.from_department.name, "b": t.to_department.name, "reason": t.reason}})
    for r in letter.releases.select_related("signed_by"):
        rows.append({"at": r.signed_at, "kind": "letter_released", "label": _("答复审签"), "actor": r.signed_by,
                     "detail": f"SHA-256 {r.sha256}"})
    referral = getattr(letter, "referral", None) if hasattr(letter, "referral") else None
    if referral is not None:
        rows.append({"at": referral.created_at, "kind": "letter_referred", "label": _("移送公安机关"),
                     "actor": referral.signed_by, "detail": f"{referral.organ}：{referral.reason}"})
    return rows
