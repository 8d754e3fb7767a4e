"""Supervision orders (督办): an officer issues, the department replies, the officer returns or
accepts; every step is on the tamper-evident log and the case timeline."""

import pytest

from backend.common.errors import DomainError
from backend.supervision import hashlog
from backend.supervision.models import LogEntry, Notification, Order
from backend.supervision.orders_selectors import case_order_timeline, order_list_visible_to
from backend.supervision.orders_services import order_accept, order_issue, order_reply, order_return
from tests import factories

from .conftest import at


def _issue(staff, case, days=3, now=None):
    return order_issue(actor=staff["supervisor"], case=case.number, problem="受理后超期未审查",
                       requirement="说明原因并限期办结", days=days, now=now or at(2026, 9, 28, 11))


def _kinds(order):
    return list(LogEntry.objects.filter(kind__startswith="order_", payload__order=order.pk)
                .order_by("seq").values_list("kind", flat=True))


def test_issue_reply_return_reply_accept_leaves_every_step_on_the_log(accepted_case, staff, head):
    order = _issue(staff, accepted_case)
    assert order.department == accepted_case.item.department and order.target == "case"
    assert order.deadline.isoformat() == "2026-10-08"  # 3 working days after Monday, across National Day
    assert Notification.objects.filter(recipient=head, kind="order", key=f"order:{order.pk}:issued").exists()

    order_reply(order_id=order.pk, actor=staff["reviewer"], text="已督促承办人审查", now=at(2026, 9, 29, 9))
    order_return(order_id=order.pk, actor=staff["supervisor"], reason="未说明超期原因", now=at(2026, 9, 29, 15))
    order.refresh_from_db()
    assert order.status == "returned" and order.deadline.isoformat() == "2026-10-08"  # no extra time
    order_reply(order_id=order.pk, actor=head, text="超期系人员请假，已调整，今日办结", now=at(2026, 9, 30, 9))
    order_accept(order_id=order.pk, actor=staff["supervisor"], opinion="同意", now=at(2026, 9, 30, 16))

    order.refresh_from_db()
    assert order.status == "accepted" and order.closed_at == at(2026, 9, 30, 16) and order.next_change_at is None
    rounds = list(order.replies.order_by("round").values_list("round", "decision", "submitted_by__username"))
    assert rounds == [(1, "returned", "reviewer"), (2, "accepted", "head")]
    assert _kinds(order) == ["order_issued", "order_replied", "order_returned", "order_replied", "order_accepted"]
    assert hashlog.verify().ok

    timeline = case_order_timeline(accepted_case)
    assert [e["kind"] for e in timeline] == ["order_issued", "order_replied", "order_returned", "order_replied",
                                             "order_accepted"]
    assert set(timeline[0]) == {"at", "kind", "label", "actor", "detail"}
    assert timeline[2]["detail"] == "未说明超期原因" and timeline[1]["actor"] == staff["reviewer"]


def test_an_item_order_goes_to_the_items_department_and_a_department_order_to_the_department(item, staff, dept):
    by_item = order_issue(actor=staff["supervisor"], item=item.code, problem="指南过期", requirement="更新指南",
                          days=5, now=at(2026, 9, 28))
    other = factories.department()
    by_dept = order_issue(actor=staff["supervisor"], department=str(other.pk), problem="窗口脱岗",
                          requirement="整改", days=5, now=at(2026, 9, 28))
    assert (by_item.target, by_item.department) == ("item", dept)
    assert (by_dept.target, by_dept.department) == ("department", other)


@pytest.mark.parametrize(("fields", "errors"), [
    ({}, {("target", "required")}),
    ({"case": "X", "item": "Y"}, {("case", "ambiguous"), ("item", "ambiguous")}),
    ({"department": "999999"}, {("department", "not_found")}),
])
def test_exactly_one_target_is_named(staff, db, fields, errors):
    with pytest.raises(DomainError) as exc:
        order_issue(actor=staff["supervisor"], problem="p", requirement="r", days=3, now=at(2026, 9, 28), **fields)
    assert {(e.field, e.code) for e in exc.value.errors} == errors


@pytest.mark.parametrize("days", [0, -1, "abc", 1.5, True, None])
def test_the_reply_limit_is_a_whole_number_of_working_days(accepted_case, staff, days):
    with pytest.raises(DomainError) as exc:
        _issue(staff, accepted_case, days=days)
    assert [(e.field, e.code) for e in exc.value.errors] == [("days", "invalid")]


def test_only_officers_issue(accepted_case, staff):
    with pytest.raises(DomainError) as exc:
        order_issue(actor=staff["reviewer"], case=accepted_case.number, problem="p", requirement="r", days=3,
                    now=at(2026, 9, 28))
    assert exc.value.status == 403


def test_another_department_cannot_reply(accepted_case, staff):
    order = _issue(staff, accepted_case)
    outsider = factories.user("outsider", "reviewer", departments=[factories.department()])
    with pytest.raises(DomainError) as exc:
        order_reply(order_id=order.pk, actor=outsider, text="x", now=at(2026, 9, 29))
    assert exc.value.status == 403


def test_a_supervisor_cannot_reply_even_as_department_member(accepted_case, staff, dept):
    order = _issue(staff, accepted_case)
    staff["supervisor"].departments.add(dept)
    supervisor = type(staff["supervisor"]).objects.get(pk=staff["supervisor"].pk)
    with pytest.raises(DomainError) as exc:
        order_reply(order_id=order.pk, actor=supervisor, text="x", now=at(2026, 9, 29))
    assert exc.value.status == 403


def test_staff_cannot_accept_or_return(accepted_case, staff):
    order = _issue(staff, accepted_case)
    order_reply(order_id=order.pk, actor=staff["reviewer"], text="已整改", now=at(2026, 9, 29))
    for decide in (lambda: order_accept(order_id=order.pk, actor=staff["approver"], now=at(2026, 9, 29, 12)),
                   lambda: order_return(order_id=order.pk, actor=staff["approver"], reason="r",
                                        now=at(2026, 9, 29, 12))):
        with pytest.raises(DomainError) as exc:
            decide()
        assert exc.value.status == 403
    assert Order.objects.get(pk=order.pk).status == "replied"


def test_a_return_needs_a_reason_and_only_a_pending_reply_can_be_decided(accepted_case, staff):
    order = _issue(staff, accepted_case)
    with pytest.raises(DomainError) as exc:
        order_accept(order_id=order.pk, actor=staff["supervisor"], now=at(2026, 9, 29))
    assert exc.value.status == 409
    order_reply(order_id=order.pk, actor=staff["reviewer"], text="已整改", now=at(2026, 9, 29))
    with pytest.raises(DomainError) as exc:
        order_return(order_id=order.pk, actor=staff["supervisor"], reason=" ", now=at(2026, 9, 29))
    assert [(e.field, e.code) for e in exc.value.errors] == [("reason", "required")]
    with pytest.raises(DomainError) as exc:  # already replied: a second reply waits for the decision
        order_reply(order_id=order.pk, actor=staff["reviewer"], text="再次", now=at(2026, 9, 29))
    assert exc.value.status == 409


def test_department_staff_see_their_departments_orders_only(accepted_case, staff):
    mine = _issue(staff, accepted_case)
    other = factories.department()
    theirs = order_issue(actor=staff["supervisor"], department=other.pk, problem="p", requirement="r", days=3,
                         now=at(2026, 9, 28))
    assert list(order_list_visible_to(user=staff["reviewer"])) == [mine]
    assert set(order_list_visible_to(user=staff["supervisor"])) == {mine, theirs}
    with pytest.raises(DomainError):
        order_list_visible_to(user=staff["applicant"])
