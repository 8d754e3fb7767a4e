"""Telling administrators, once, that years ahead are still provisional (DESIGN §3).

The banner on staff pages says it on every page; administrators, who import the State Council notice,
also get one notification (in the app and by e-mail) per set of provisional years, not one per page
view or per run: a periodic task checks hourly, and the notification's key makes a second run a no-op.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from backend.accounts import roles
from backend.workcalendar.calendar import refresh_if_stale
from backend.workcalendar.outlook import calendar_outlook

from . import hashlog, ledger, notifications
from .models import Notification


def administrators():
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name=roles.ADMIN)).distinct().order_by("pk"))


@transaction.atomic
def calendar_watch(*, now: datetime) -> dict:
    """Notify every administrator who has not yet heard about the provisional years ahead."""
    outlook = calendar_outlook(ledger.local_date(now), refresh_if_stale())
    if not outlook.due:
        return {"provisional_years": [], "notified": 0}
    years = "-".join(map(str, outlook.provisional_years)) or "uncovered"
    key = f"calendar-provisional:{years}"
    head = hashlog.lock_head()  # serialises two runs: the second sees the first's rows
    told = set(Notification.objects.filter(key=key).values_list("recipient_id", flat=True))
    with translation.override(notifications.LANGUAGE):
        title = _("工作日历：%(years)s 年节假日安排尚未导入") % {"years": outlook.years_display or "—"}
        body = (outlook.message() or "") + _(
            "导入方法：管理后台“工作日历 › 日历版本 › 导入节假日安排”，或在服务器上运行 "
            "tongban calendar import 文件.csv --source 通知文号；tongban calendar status 查看暂定的在办期限。")
    rows = [notifications.notification_row(user_id=user.pk, email=user.email or "", now=now,
                                           kind=Notification.Kind.CALENDAR, title=title[:200], body=body, key=key)
            for user in administrators() if user.pk not in told]
    logs: list = []
    notifications.notifications_create(rows, logs=logs)
    hashlog.append_many(logs, now=now, head=head)
    return {"provisional_years": list(outlook.provisional_years), "notified": len(rows)}
