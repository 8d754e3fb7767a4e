"""Who may add, replace or remove a case's materials (收件), the same on every way in (API, pages):

- before acceptance: the applicant (own case) and window staff (窗口人员) of the responsible
  department or of the service centre where the case was filed;
- once accepted: only the holder of an active step that takes materials (e.g. an on-site
  inspection's record). Which steps those are, and who holds them, is the flow's knowledge: the
  workflows app registers a `step holder` test, so the cases app imports none of it;
- supervision officers never (they read everything and change nothing); a closed case, nobody.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from backend.accounts import roles

from .models import Case

BEFORE_ACCEPTANCE = (Case.Status.SUBMITTED, Case.Status.SUPPLEMENT_REQUESTED)

_step_holders: list[Callable[[Case, object], bool]] = []


def register_material_step_holder(test: Callable[[Case, object], bool]) -> None:
    """`test(case, user)`: the user holds an active step of the case that takes materials."""
    if test not in _step_holders:
        _step_holders.append(test)


def material_write_denial(case: Case, user) -> str | None:
    """Why `user` may not change the case's materials now, or None when they may."""
    if user is None or not user.is_authenticated:
        return _("请先登录。")
    if user.is_supervisor and not user.is_staff_member:
        return _("监察人员只能查看，不能修改办件。")
    if case.status in BEFORE_ACCEPTANCE:
        if case.applicant_user_id == user.pk or (case.channel == Case.Channel.ONLINE and case.filed_by_id == user.pk):
            return None
        if user.has_role(roles.CLERK) and (
            case.item.department_id in user.department_ids
            or (case.service_centre_id is not None and case.service_centre_id == user.service_centre_id)
        ):
            return None
        return _("受理前只有申请人本人和受理窗口的工作人员可以上传、更换或移除材料。")
    if case.status == Case.Status.IN_PROGRESS:
        if any(test(case, user) for test in _step_holders):
            return None
        return _("办件已受理，只有正在办理需收取材料环节（如现场核查）的承办人员可以上传、更换或移除材料。")
    return _("办件已结束，不能再上传或移除材料。")
