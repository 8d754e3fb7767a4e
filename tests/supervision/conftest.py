"""Drive cases through workflows.services at controlled moments (never the wall clock)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from backend.workcalendar import calendar
from tests import factories
from workflows import services as flow

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10, minute=0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SH)


def open_task(case, step):
    for task in Task.objects.filter(process_id=case.process_id).exclude(status__in=[STATUS.DONE, STATUS.CANCELED]):
        if (task.data or {}).get("step") == step:
            return task
    raise AssertionError(f"no open {step} task for {case.number}")


def act(case, user, step, decision, now, **extra):
    task = open_task(case, step)
    flow.task_claim(task_id=task.pk, actor=user, now=now)
    flow.task_complete(task_id=task.pk, actor=user, decision=decision, now=now, **extra)
    case.refresh_from_db()
    return task


def file_case(item, staff, now):
    """Filed at the window; for an item standing in for a letter or a request, as its own form would."""
    return flow.case_file_and_start(item_code=item.code, channel="window", applicant=factories.PERSON,
                                    actor=staff["clerk"], now=now, category=item.category)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def item(dept):
    return factories.item(dept, promised=10, statutory=20)


@pytest.fixture
def accepted_case(item, staff):
    """Filed Friday 2026-09-25 (中秋节, a holiday), accepted Monday 2026-09-28 before National Day."""
    case = file_case(item, staff, at(2026, 9, 25, 9))
    act(case, staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    return case


@pytest.fixture(autouse=True)
def _no_broker(settings):
    """Notification e-mails are sent by calling the sender; the broker hint is tested on its own."""
    settings.SUPERVISION_NOTIFY_ENQUEUE = False


@pytest.fixture
def head(dept):
    """The department's head, with an e-mail address; staff get addresses too."""
    user = factories.user("head", "approver", departments=[dept])
    user.email = "head@example.cn"
    user.save(update_fields=["email"])
    dept.head = user
    dept.save(update_fields=["head"])
    return user


def with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user
