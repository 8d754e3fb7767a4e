"""Data for the fault scenarios, written through the application's own services in a separate
process (`python -m tests.fault.seed COMMAND [JSON]`, DATABASE_URL etc. in the environment), so the
test process never opens a Django connection of its own. Prints one JSON object.

  base                 staff with roles, e-mail addresses and API tokens, one item (once, in the template)
  decide   {"n": 30}   cases filed, accepted, reviewed, decided and completed now (DISCLOSURE_ENQUEUE
                       decides whether the publications are hinted to the broker or left to the sweep)
  overdue  {"n": 6, "days": 40}   cases filed and accepted that many days ago: their clocks are due
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

import django

USERS = {  # name: (role, e-mail)
    "clerk": ("clerk", "clerk@example.cn"),
    "reviewer": ("reviewer", "reviewer@example.cn"),
    "approver": ("approver", "approver@example.cn"),
    "applicant": ("applicant", "applicant@example.cn"),
    "supervisor": ("supervisor", ""),
    "head": ("approver", "head@example.cn"),
    "admin": ("admin", "admin@example.cn"),
}


def base() -> dict:
    from rest_framework.authtoken.models import Token

    from backend.accounts.models import User
    from tests import factories

    dept = factories.department("market", "市场监督管理局")
    centre = factories.centre()
    tokens = {}
    for name, (role, email) in USERS.items():
        staff = role in ("clerk", "reviewer", "approver")
        user = factories.user(name, role, departments=[dept] if staff else (),
                              service_centre=centre if role == "clerk" else None)
        User.objects.filter(pk=user.pk).update(email=email)
        tokens[name] = Token.objects.create(user=user).key
    dept.head = User.objects.get(username="head")
    dept.save(update_fields=["head"])
    item = factories.item(dept, promised=10, statutory=20)
    return {"tokens": tokens, "item": item.code, "password": factories.PASSWORD}


def _users():
    from backend.accounts.models import User

    return {u.username: u for u in User.objects.all()}


def _item():
    from backend.catalog.models import ServiceItem

    return ServiceItem.objects.order_by("pk").first()


def act(case, user, step, decision, now):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows import services as flow

    open_tasks = Task.objects.filter(process_id=case.process_id).exclude(status__in=[STATUS.DONE, STATUS.CANCELED])
    task = next(t for t in open_tasks if (t.data or {}).get("step") == step)
    flow.task_claim(task_id=task.pk, actor=user, now=now)
    flow.task_complete(task_id=task.pk, actor=user, decision=decision, now=now)


def applicant(n: int) -> dict:
    return {"type": "person", "name": "张小明", "id_number": "11010519491231002X", "mobile": f"139{n:08d}"}


def decide(n: int = 30, start: int = 0) -> dict:
    from django.utils import timezone

    from backend.common.hints import sender
    from workflows import services as flow

    users, item = _users(), _item()
    numbers = []
    for i in range(start, start + n):
        now = timezone.now()
        case = flow.case_file_and_start(item_code=item.code, channel="online", applicant=applicant(i),
                                        actor=users["applicant"], now=now)
        for who, step, decision in (("clerk", "accept", "accept"), ("reviewer", "review", "done"),
                                    ("approver", "decide", "approve"), ("clerk", "complete", "done")):
            act(case, users[who], step, decision, timezone.now())
        numbers.append(case.number)
        print(json.dumps({"decided": case.number}), file=sys.stderr, flush=True)
    sent = sender.drain(30)  # the hints queued after each commit leave before the process does
    return {"numbers": numbers, "hints_sent": sender.sent, "hints_dropped": sender.dropped, "drained": sent}


def overdue(n: int = 6, days: int = 40, start: int = 0) -> dict:
    from django.utils import timezone

    from workflows import services as flow

    users, item = _users(), _item()
    then = timezone.now() - timedelta(days=days)
    numbers = []
    for i in range(start, start + n):
        case = flow.case_file_and_start(item_code=item.code, channel="online", applicant=applicant(500 + i),
                                        actor=users["applicant"], now=then)
        act(case, users["clerk"], "accept", "accept", then + timedelta(hours=1))
        numbers.append(case.number)
    return {"numbers": numbers}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    django.setup()
    command = sys.argv[1]
    args = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = {"base": base, "decide": decide, "overdue": overdue}[command](**args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
