"""The rectification clock of each problem: yellow and red cards issued by the sweep with their
notifications and log entries (once each, also when swept twice), a reply that stops the clock, a
return that resumes it, the Spring Festival in the count; and supervision orders (督办) on a problem."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from backend.common.errors import DomainError
from backend.inspection import services
from backend.inspection.models import Problem, ProblemCard
from backend.inspection.sweep import problems_sweep
from backend.supervision import hashlog, orders_services
from backend.supervision.models import LogEntry, Notification, Order

from .conftest import at, draft_at, pinned, publish_at
from .test_problems import ENTERED, enter

API = "/api/v1/disclosure/inspection/"


def sweep(when):
    with pinned(when):
        return problems_sweep(now=when)


def card_notices(problem, colour):
    return set(Notification.objects.filter(key=f"problem:{problem.pk}:card:{colour}")
               .values_list("recipient__username", flat=True))


def test_the_sweep_issues_a_yellow_then_a_red_card_once_each(office, people, housing):
    problem = enter(office)  # 2026-11-02, 10 working days: due Monday 2026-11-16
    problem.refresh_from_db()
    assert problem.next_change_at == ENTERED  # the first sweep looks at once
    assert sweep(ENTERED)["cards"] == 0
    problem.refresh_from_db()
    assert problem.state == "green" and problem.next_change_at == at(2026, 11, 13, 0)

    assert sweep(at(2026, 11, 12, 23, 59))["processed"] == 0
    assert sweep(at(2026, 11, 13, 0, 5))["cards"] == 1
    assert sweep(at(2026, 11, 13, 0, 6)) == {"processed": 0, "cards": 0, "failed": 0}
    problem.refresh_from_db()
    assert problem.state == "yellow" and problem.next_change_at == at(2026, 11, 17, 0)
    assert card_notices(problem, "yellow") == {"zjjclerk", "zjjreviewer", "zjjhead"}  # the unit, not the office

    assert sweep(at(2026, 11, 17, 8))["cards"] == 1
    problem.refresh_from_db()
    assert problem.state == "red" and problem.next_change_at is None
    assert card_notices(problem, "red") == {"zjjclerk", "zjjreviewer", "zjjhead", "gkbstaff"}
    red = Notification.objects.filter(key=f"problem:{problem.pk}:card:red").first()
    assert "2026-11-16" in red.body and red.kind == "problem"
    cards = list(problem.cards.values_list("from_state", "to_state"))
    assert cards == [("green", "yellow"), ("yellow", "red")]
    logged = list(LogEntry.objects.filter(kind="inspection_problem_card").values_list("payload__to_state", flat=True))
    assert logged == ["yellow", "red"]


def test_a_late_sweep_goes_straight_to_red_with_one_card(office, people):
    problem = enter(office)
    assert sweep(at(2026, 11, 20))["cards"] == 1
    assert list(problem.cards.values_list("from_state", "to_state")) == [("green", "red")]


def test_a_reply_stops_the_clock_and_a_return_resumes_it_on_the_original_term(office, people):
    problem = enter(office)
    sweep(at(2026, 11, 13, 1))  # yellow
    with pinned(at(2026, 11, 13, 9)):
        services.problem_reply(problem=problem, actor=people["drafter"], text="已补充解读", now=at(2026, 11, 13, 9))
    problem.refresh_from_db()
    assert problem.next_change_at is None
    assert sweep(at(2026, 11, 19))["processed"] == 0  # replied: no red card while the office decides
    with pinned(at(2026, 11, 19, 10)):
        services.problem_reopen(problem=problem, actor=office, opinion="未见解读", now=at(2026, 11, 19, 10))
    problem.refresh_from_db()
    assert problem.next_change_at == at(2026, 11, 19, 10)  # past the term: the next sweep turns it red
    assert sweep(at(2026, 11, 19, 10, 5))["cards"] == 1
    assert list(problem.cards.values_list("to_state", flat=True)) == ["yellow", "red"]


def test_the_term_skips_the_spring_festival_and_counts_its_make_up_saturdays(office, people):
    # 2026: 春节 off 02-15 … 02-23; Saturdays 02-14 and 02-28 are working days (调休).
    entered = at(2026, 2, 10, 10)
    with pinned(entered):
        problem = services.problem_enter_external(actor=office, now=entered, department="zjj", description="栏目未更新",
                                                  report_name="第三方评估")
    assert problem.due_on.isoformat() == "2026-03-02"
    sweep(entered)
    problem.refresh_from_db()
    assert problem.next_change_at == at(2026, 2, 28, 0)  # yellow on the make-up Saturday, the last day but one
    assert sweep(at(2026, 2, 27, 23, 59))["cards"] == 0
    assert sweep(at(2026, 2, 28, 0, 1))["cards"] == 1


def test_an_automatic_problem_is_swept_until_the_recheck_closes_it(office, people, column):
    publish_at(people, draft_at(people, at(2026, 11, 2, 9), body="见 /public/nowhere/"), at(2026, 11, 4, 16))
    with pinned(at(2026, 11, 20)):
        services.inspection_run(now=at(2026, 11, 20), checks=["broken_internal_link"])
    problem = Problem.objects.get(source="automatic")
    assert problem.next_change_at == at(2026, 11, 20)
    assert sweep(at(2026, 12, 7))["cards"] == 1  # term 11-20 + 10 wd = 12-04 has passed
    problem.refresh_from_db()
    assert problem.state == "red"


# -- supervision orders on a problem -------------------------------------------------------------------
ORDERED = at(2026, 11, 5)


def order(problem, actor, when=ORDERED, **kw):
    with pinned(when):
        return services.problem_order_issue(problem=problem, actor=actor, now=when,
                                            **{"requirement": "三日内补齐解读并回告", "days": 3, **kw})


def test_a_supervisor_orders_the_unit_on_a_problem_and_the_unit_replies_to_the_order(office, people):
    problem = enter(office)
    issued = order(problem, people["supervisor"])
    assert (issued.target, issued.source, issued.source_id, issued.department.code) == (
        "problem", "inspection_problem", problem.pk, "zjj")
    assert issued.problem == problem.description and issued.deadline.isoformat() == "2026-11-10"
    told = set(Notification.objects.filter(key=f"order:{issued.pk}:issued").values_list("recipient__username",
                                                                                          flat=True))
    assert told == {"zjjclerk", "zjjreviewer", "zjjhead"}
    assert "问题清单第" in Notification.objects.filter(key=f"order:{issued.pk}:issued").first().title
    with pinned(at(2026, 11, 6)):
        orders_services.order_reply(order_id=issued.pk, actor=people["drafter"], text="已补齐", now=at(2026, 11, 6))
    assert Order.objects.get(pk=issued.pk).status == "replied"


def test_orders_on_a_problem_are_for_supervisors_one_at_a_time_and_never_on_a_closed_problem(office, people):
    problem = enter(office)
    with pytest.raises(DomainError) as exc:
        order(problem, people["head"])
    assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        order(problem, people["supervisor"], days="0", requirement="")
    assert {e.field for e in exc.value.errors} == {"days", "requirement"}
    first = order(problem, people["supervisor"])
    with pytest.raises(DomainError) as exc:
        order(problem, people["supervisor"])
    assert exc.value.status == 409 and exc.value.errors[0].code == "order_running"
    with pinned(at(2026, 11, 6)):
        orders_services.order_reply(order_id=first.pk, actor=people["drafter"], text="已补齐", now=at(2026, 11, 6))
        orders_services.order_accept(order_id=first.pk, actor=people["supervisor"], now=at(2026, 11, 6))
    second = order(problem, people["supervisor"], when=at(2026, 11, 9))  # the first is done: a new one may follow
    assert second.pk != first.pk
    with pinned(at(2026, 11, 9, 11)):
        services.problem_reply(problem=problem, actor=people["drafter"], text="已整改", now=at(2026, 11, 9, 11))
        services.problem_close(problem=problem, actor=office, now=at(2026, 11, 9, 11))
    with pytest.raises(DomainError) as exc:
        order(problem, people["supervisor"], when=at(2026, 11, 10))
    assert exc.value.errors[0].code == "closed"


def test_the_problem_page_and_api_show_cards_and_orders(client, office, people):
    problem = enter(office)
    sweep(at(2026, 11, 13, 1))
    client.force_login(people["supervisor"])
    with pinned(at(2026, 11, 13, 9)):
        page = client.post(f"/inspection/{problem.pk}/order/", {"requirement": "", "days": "5"})
        assert page.status_code == 400 and "请填写督办要求" in page.content.decode()
        page = client.post(f"/inspection/{problem.pk}/order/", {"requirement": "立即整改", "days": "5"}, follow=True)
    issued = Order.objects.get(source_id=problem.pk)
    html = page.content.decode()
    assert f'href="/supervision/orders/{issued.pk}/"' in html and "黄牌（预警）" in html
    detail = client.get(f"/supervision/orders/{issued.pk}/").content.decode()
    assert f'href="/inspection/{problem.pk}/"' in detail

    client.force_login(people["drafter"])  # the unit sees its problem's cards and orders, and cannot order
    body = client.get(f"{API}problems/{problem.pk}/").json()
    assert [c["to_state"] for c in body["cards"]] == ["yellow"]
    assert [(o["id"], o["status"]) for o in body["orders"]] == [(issued.pk, "open")]
    assert client.post(f"{API}problems/{problem.pk}/orders/", {"requirement": "x", "days": 3},
                       content_type="application/json").status_code == 403
    listed = client.get(f"{API}problems/").json()
    assert listed[0]["orders"][0]["id"] == issued.pk and listed[0]["cards"][0]["to_state"] == "yellow"


def test_the_api_issues_an_order_and_names_bad_fields(client, office, people):
    problem = enter(office)
    client.force_login(people["supervisor"])
    with pinned(at(2026, 11, 5)):
        bad = client.post(f"{API}problems/{problem.pk}/orders/", {"requirement": "立即整改", "days": 0},
                          content_type="application/json")
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "days"
        made = client.post(f"{API}problems/{problem.pk}/orders/", {"requirement": "立即整改", "days": 3},
                           content_type="application/json")
    assert made.status_code == 201 and made.json()["orders"][0]["deadline"] == "2026-11-10"
    assert ProblemCard.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_concurrent_sweepers_issue_each_card_once(office, people):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    template = enter(office)
    Problem.objects.bulk_create(
        Problem(source="external", check_code="external", department=template.department, description=f"问题{i}",
                opened_at=template.opened_at, opened_on=template.opened_on, days=template.days, due_on=template.due_on,
                next_change_at=template.next_change_at)
        for i in range(120))
    now = at(2026, 11, 20)
    results, errors = [], []

    def sweeper():
        try:
            results.append(problems_sweep(now=now, batch=10))
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
    assert sum(r["cards"] for r in results) == 121 == ProblemCard.objects.count()
    assert ProblemCard.objects.values("problem").distinct().count() == 121
    assert hashlog.verify().ok
