"""The reply to a supervision order is itself supervised: yellow at ≤ 1 working day left, red when
overdue, then escalation to the department head and, N working days later, the office's head."""

from datetime import date

import pytest

from backend.supervision import hashlog
from backend.supervision.models import LogEntry, Notification, Order, OrderCard
from backend.supervision.orders_selectors import case_order_timeline
from backend.supervision.orders_services import order_reply, order_return, rectification_open
from backend.supervision.orders_sweep import orders_sweep
from tests import factories

from .conftest import at


@pytest.fixture
def office_head(db, settings):
    user = factories.user("chief", "supervisor")
    settings.SUPERVISION_OFFICE_HEAD_USERNAME = "chief"
    return user


@pytest.fixture
def order(staff, dept, head):
    """Issued Thursday 2026-09-24, 3 working days: Mon 28, Tue 29, Wed 30 (25 is 中秋节) → due 30 Sep."""
    from backend.supervision.orders_services import order_issue

    return order_issue(actor=staff["supervisor"], department=dept.pk, problem="窗口多次超时",
                       requirement="查明原因并整改", days=3, now=at(2026, 9, 24, 10))


def _state(order):
    order.refresh_from_db()
    return order.state, order.escalation_level


def _cards(order):
    return list(OrderCard.objects.filter(order=order).order_by("id").values_list("kind", "to_state", "level"))


def test_the_clock_turns_yellow_then_red_and_escalates_across_the_holiday(order, staff, head, office_head):
    assert order.deadline == date(2026, 9, 30)
    assert order.next_change_at == at(2026, 9, 29, 0, 0)

    orders_sweep(now=at(2026, 9, 28, 23, 59))
    assert _state(order) == ("green", 0)
    orders_sweep(now=at(2026, 9, 29, 0, 0))
    assert _state(order) == ("yellow", 0) and order.next_change_at == at(2026, 10, 1, 0, 0)
    orders_sweep(now=at(2026, 9, 30, 23, 59))
    assert _state(order) == ("yellow", 0)

    orders_sweep(now=at(2026, 10, 1, 0, 0))
    # Level 2 after 3 more working days: Oct 8, 9 and Saturday 10 (a make-up working day).
    assert _state(order) == ("red", 1) and order.next_change_at == at(2026, 10, 11, 0, 0)
    assert Notification.objects.filter(recipient=head, kind="escalated").count() == 1
    orders_sweep(now=at(2026, 10, 10, 23, 59))
    assert _state(order) == ("red", 1)

    orders_sweep(now=at(2026, 10, 11, 0, 0))
    assert _state(order) == ("red", 2) and order.next_change_at is None
    assert _cards(order) == [("state", "yellow", 0), ("state", "red", 0), ("escalation", "", 1),
                             ("escalation", "", 2)]
    level2 = Notification.objects.get(kind="escalated", recipient=office_head)
    assert "第2级" in level2.title
    staff_cards = Notification.objects.filter(recipient=staff["reviewer"], kind="order_card")
    assert staff_cards.count() == 2
    assert list(LogEntry.objects.filter(kind__in=["order_card", "order_escalated"], payload__order=order.pk)
                .values_list("kind", flat=True)) == ["order_card", "order_card", "order_escalated", "order_escalated"]
    assert hashlog.verify().ok


def test_the_sweep_is_idempotent(order, office_head):
    for _ in range(2):
        orders_sweep(now=at(2026, 10, 12))
    assert _cards(order) == [("state", "red", 0), ("escalation", "", 1), ("escalation", "", 2)]  # a late sweep
    assert Notification.objects.filter(kind="escalated").count() == 2
    assert orders_sweep(now=at(2026, 10, 12))["processed"] == 0


def test_a_reply_stops_the_clock_and_a_return_does_not_buy_time(order, staff):
    order_reply(order_id=order.pk, actor=staff["reviewer"], text="已整改", now=at(2026, 9, 30, 9))
    orders_sweep(now=at(2026, 10, 9))
    assert _state(order) == ("green", 0) and _cards(order) == []  # awaiting the officer's decision

    order_return(order_id=order.pk, actor=staff["supervisor"], reason="佐证不足", now=at(2026, 10, 9, 10))
    order.refresh_from_db()
    assert order.deadline == date(2026, 9, 30) and order.next_change_at == at(2026, 10, 9, 10)
    orders_sweep(now=at(2026, 10, 9, 10, 1))
    assert _state(order) == ("red", 1)


def test_level_two_without_an_office_head_is_recorded_with_nobody_told(order, settings):
    settings.SUPERVISION_OFFICE_HEAD_USERNAME = ""
    orders_sweep(now=at(2026, 10, 12))
    card = OrderCard.objects.get(order=order, level=2)
    assert card.recipient is None


def test_the_office_head_can_be_the_head_of_the_supervision_office_department(order, settings):
    settings.SUPERVISION_OFFICE_HEAD_USERNAME = ""
    chief = factories.user("office-chief", "supervisor")
    office = factories.department("supervision", "县监察室")
    office.head = chief
    office.save(update_fields=["head"])
    orders_sweep(now=at(2026, 10, 12))
    assert OrderCard.objects.get(order=order, level=2).recipient == chief


def test_rectification_open_gives_fifteen_working_days_and_needs_a_visit_record(accepted_case, staff, dept):
    from backend.common.errors import DomainError

    rect = rectification_open(department=dept, case=accepted_case, source="rating", source_id=7,
                              problem="申请人评价“非常不满意”", requirement="回访申请人并整改", now=at(2026, 9, 28, 10))
    # 15 working days from Monday 28 Sep: 29, 30 Sep, 8–10 Oct (10th a make-up day), 12–16, 19–23 Oct.
    assert (rect.kind, rect.issued_by, rect.days, rect.deadline) == ("rectification", None, 15, date(2026, 10, 23))
    assert rectification_open(department=dept, case=accepted_case, source="rating", source_id=7, problem="x",
                              requirement="y", now=at(2026, 9, 29)) == rect  # once per rating
    with pytest.raises(DomainError) as exc:
        order_reply(order_id=rect.pk, actor=staff["reviewer"], text="已整改", now=at(2026, 10, 9))
    assert {e.field for e in exc.value.errors} == {"visit_on", "visit_by", "visit_result"}
    reply = order_reply(order_id=rect.pk, actor=staff["reviewer"], text="已整改", visit_on="2026-10-09",
                        visit_by="王科长", visit_result="申请人表示满意", now=at(2026, 10, 9))
    assert reply.visit_on == date(2026, 10, 9)
    assert Order.objects.get(pk=rect.pk).status == "replied"
    assert Notification.objects.filter(recipient=staff["supervisor"], kind="order",
                                       key=f"order:{rect.pk}:reply:1").exists()  # system order: officers hear
    assert "回访" in case_order_timeline(accepted_case)[1]["detail"]
    assert LogEntry.objects.get(kind="order_issued", payload__order=rect.pk).payload["actor"] is None


def test_the_sweep_runs_every_minute_from_beat_and_the_task_reads_the_time(order):
    import time_machine
    from django_celery_beat.models import PeriodicTask

    from backend.supervision.tasks import orders_sweep_task

    task = PeriodicTask.objects.get(name="supervision: sweep supervision orders")
    assert task.task == "backend.supervision.tasks.orders_sweep_task" and task.enabled
    assert task.interval.every == 60 and task.interval.period == "seconds"
    with time_machine.travel(at(2026, 9, 29, 8), tick=False):
        assert orders_sweep_task.run()["changed"] == 1
    assert _state(order) == ("yellow", 0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sweepers_write_each_card_once(staff, dept, head):
    import threading

    from django.db import connection, connections

    from backend.supervision.orders_services import order_issue

    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    for _ in range(60):
        order_issue(actor=staff["supervisor"], department=dept.pk, problem="p", requirement="r", days=3,
                    now=at(2026, 9, 24, 10))
    errors = []

    def sweeper():
        try:
            orders_sweep(now=at(2026, 10, 1, 1), batch=7)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweeper) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert OrderCard.objects.filter(kind="state").count() == 60  # green → red, once per order
    assert OrderCard.objects.filter(kind="escalation", level=1).count() == 60
    assert Notification.objects.filter(recipient=head, kind="escalated").count() == 60
    assert hashlog.verify().ok


def test_a_local_closure_moves_the_deadline_of_a_green_order_but_not_of_one_already_warned(staff, dept):
    from backend.supervision.orders_services import order_issue
    from backend.supervision.orders_sweep import _seen_stamp
    from backend.workcalendar import services as calendar_services

    _seen_stamp.clear()
    green = order_issue(actor=staff["supervisor"], department=dept.pk, problem="p", requirement="r", days=3,
                        now=at(2026, 10, 9, 10))  # Sat 10 (make-up day), Mon 12, Tue 13
    warned = order_issue(actor=staff["supervisor"], department=dept.pk, problem="p", requirement="r", days=2,
                         now=at(2026, 10, 9, 10))  # due Mon 12, yellow from Sat 10
    orders_sweep(now=at(2026, 10, 10, 0, 1))
    assert green.deadline == date(2026, 10, 13) and _state(warned) == ("yellow", 0)

    rows = calendar_services.calendar_file_parse(b"date,kind,name\n2026-10-12,closure,x\n2026-10-13,closure,x\n")
    calendar_services.calendar_version_create(rows=rows, source="县政府通告〔2026〕7号", note="", actor=None)
    orders_sweep(now=at(2026, 10, 10, 1))

    green.refresh_from_db()
    warned.refresh_from_db()
    assert green.deadline == date(2026, 10, 15) and green.next_change_at == at(2026, 10, 14, 0, 0)
    assert warned.deadline == date(2026, 10, 12)  # its yellow card was issued on that deadline: it stands
    entry = LogEntry.objects.get(kind="order_reprojected")
    assert (entry.payload["order"], entry.payload["before"], entry.payload["after"]) == (
        green.pk, "2026-10-13", "2026-10-15")
