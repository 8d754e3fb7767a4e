"""The supervision dashboard: live counts, the case lists under every filter, the charts' figures,
bad filters, the drill-down, and who may see them. Time is pinned to Monday 2026-10-19 10:00; the
cases are carried through the real process at chosen moments (conftest.act) and the real sweep."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from backend.supervision import selectors, services
from backend.supervision.models import Card, Clock
from tests import factories
from workflows import services as flow

from .conftest import act, at, file_case, open_task

NOW = at(2026, 10, 19, 10)
TODAY = date(2026, 10, 19)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _accept(item, staff, filed, accepted, clerk=None):
    clerk = clerk or staff["clerk"]
    case = flow.case_file_and_start(item_code=item.code, channel="window", applicant=factories.PERSON,
                                    actor=clerk, now=filed)
    act(case, clerk, "accept", "accept", accepted)
    return case


def _finish(case, staff, reviewed, decided, completed):
    act(case, staff["reviewer"], "review", "done", reviewed)
    act(case, staff["approver"], "decide", "approve", decided, opinion="准予许可")
    act(case, staff["clerk"], "complete", "done", completed)


@pytest.fixture
def scene(item, staff, dept):
    """Built in business-time order. Market (市场监督管理局, `item`, promised 10 / statutory 20):
    breach (accepted 08-31, past both limits), late (09-01, red card on 09-16, completed 09-17),
    red (09-28, deadline 10-16), done (10-08, suspended 10-09..10-12, completed 10-13), yellow
    (10-08, deadline 10-21, at decide), suspended (10-12, expert review from 10-14). Tax (税务局,
    another centre): green (10-16)."""
    tax = factories.department("tax", "税务局")
    centre2 = factories.centre()
    tax_staff = {"clerk": factories.user("clerk2", "clerk", departments=[tax], service_centre=centre2),
                 "reviewer": factories.user("reviewer2", "reviewer", departments=[tax])}
    tax_item = factories.item(tax, promised=10, statutory=20)
    s = {"tax": tax, "centre2": centre2, "tax_item": tax_item, "centre": staff["clerk"].service_centre}
    s["breach"] = _accept(item, staff, at(2026, 8, 31, 9), at(2026, 8, 31, 10))
    s["late"] = _accept(item, staff, at(2026, 9, 1, 9), at(2026, 9, 1, 10))
    services.clocks_sweep(now=at(2026, 9, 16, 1))  # late's deadline 09-15 has passed: a red card
    _finish(s["late"], staff, at(2026, 9, 16, 9), at(2026, 9, 16, 15), at(2026, 9, 17, 10))
    s["red"] = file_case(item, staff, at(2026, 9, 25, 9))
    act(s["red"], staff["clerk"], "accept", "accept", at(2026, 9, 28, 10))
    s["done"] = _accept(item, staff, at(2026, 10, 8, 9), at(2026, 10, 8, 10))
    services.clock_suspend(case=s["done"], reason="检验检测", legal_basis="《行政许可法》第四十五条",
                           actor=staff["reviewer"], now=at(2026, 10, 9, 11))
    services.clock_resume(case=s["done"], actor=staff["reviewer"], now=at(2026, 10, 12, 9))
    _finish(s["done"], staff, at(2026, 10, 12, 10), at(2026, 10, 12, 15), at(2026, 10, 13, 10))
    s["yellow"] = _accept(item, staff, at(2026, 10, 8, 9, 30), at(2026, 10, 8, 11))
    act(s["yellow"], staff["reviewer"], "review", "done", at(2026, 10, 9, 10))
    s["suspended"] = _accept(item, staff, at(2026, 10, 12, 9), at(2026, 10, 12, 10))
    services.clock_suspend(case=s["suspended"], reason="专家评审", legal_basis="《行政许可法》第四十五条",
                           actor=staff["reviewer"], now=at(2026, 10, 14, 10))
    s["green"] = _accept(tax_item, tax_staff, at(2026, 10, 16, 9), at(2026, 10, 16, 10), clerk=tax_staff["clerk"])
    services.clocks_sweep(now=at(2026, 10, 19, 1))
    with time_machine.travel(NOW, tick=False):
        yield s


def _get(client, query=""):
    return client.get("/supervision/dashboard/" + query)


def _numbers(page: str) -> set[str]:
    return set(re.findall(r'href="/supervision/cases/([^/"]+)/"', page))


def _charts(page: str) -> dict:
    found = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_the_states_are_those_the_clocks_hold(scene):
    states = {name: Clock.objects.get(case=scene[name], kind="promised").state
              for name in ("breach", "red", "yellow", "suspended", "green")}
    assert states == {"breach": "red", "red": "red", "yellow": "yellow", "suspended": "suspended",
                      "green": "green"}
    assert Clock.objects.get(case=scene["breach"], kind="statutory").statutory_breach


def test_counts_equal_the_rows_of_each_list(scene, staff):
    client = signed_in(staff["supervisor"])
    page = _get(client).content.decode()
    assert response_ok(client)
    counts = {"yellow": 1, "red": 2, "suspended": 1, "breach": 1}
    expected = {"yellow": {scene["yellow"].number}, "red": {scene["red"].number, scene["breach"].number},
                "suspended": {scene["suspended"].number}, "breach": {scene["breach"].number}}
    for state, n in counts.items():
        response = _get(client, f"?state={state}")
        assert response.context["counts"][state] == n == response.context["page"].paginator.count, state
        assert _numbers(response.content.decode()) == expected[state], state
    figures = _get(client).context["counts"]
    assert figures["open"] == 5 and figures["green"] == 1
    assert figures["open"] == figures["green"] + figures["yellow"] + figures["red"] + figures["suspended"]
    assert "超时的办件" in page and "共 2 件" in page  # red is the default list


def response_ok(client) -> bool:
    return _get(client).status_code == 200


def test_a_row_shows_the_responsible_department_and_person_with_the_steps_beneath(scene, staff):
    page = _get(signed_in(staff["supervisor"]), "?state=yellow").content.decode()
    row = page[page.index(scene["yellow"].number):]
    assert "市场监督管理局" in row and "决定" in row and "待签收" in row  # the decide task is not yet claimed
    flow.task_claim(task_id=open_task(scene["yellow"], "decide").pk, actor=staff["approver"], now=NOW)
    page = _get(signed_in(staff["supervisor"]), "?state=yellow").content.decode()
    assert "approver" in page[page.index(scene["yellow"].number):]


@pytest.mark.parametrize(("query", "state", "names"), [
    ("department=tax", "red", set()),
    ("department=market", "red", {"red", "breach"}),
    ("item={tax_item}&state=red", "red", set()),
    ("centre={centre2}", "red", set()),
    ("centre={centre}", "red", {"red", "breach"}),
    ("step=decide", "yellow", {"yellow"}),
    ("step=review", "yellow", set()),
    ("step=review", "red", {"red", "breach"}),
    ("from=2026-09-01", "red", {"red"}),
    ("to=2026-09-30", "red", {"red", "breach"}),
    ("from=2026-10-01&to=2026-10-31", "red", set()),
    ("from=2026-10-01&to=2026-10-31", "suspended", {"suspended"}),
])
def test_each_filter_narrows_the_list_and_its_count(scene, staff, query, state, names):
    query = query.format(tax_item=scene["tax_item"].code, centre2=scene["centre2"].code,
                         centre=scene["centre"].code)
    response = _get(signed_in(staff["supervisor"]), f"?{query}&state={state}")
    assert response.status_code == 200
    assert _numbers(response.content.decode()) == {scene[n].number for n in names}
    assert response.context["counts"][state] == len(names)


def test_the_open_count_follows_department_item_and_centre(scene, staff):
    client = signed_in(staff["supervisor"])
    for query in ("department=tax", f"item={scene['tax_item'].code}", f"centre={scene['centre2'].code}"):
        counts = _get(client, "?" + query).context["counts"]
        assert (counts["open"], counts["green"], counts["red"]) == (1, 1, 0), query


def test_a_filtered_view_keeps_its_filters_in_links_and_pages(scene, staff):
    page = _get(signed_in(staff["supervisor"]), "?department=market&from=2026-08-01").content.decode()
    assert 'href="/supervision/dashboard/?department=market&amp;from=2026-08-01&amp;state=yellow#case-list"' in page
    assert 'name="from" type="date" value="2026-08-01"' in page


@pytest.mark.parametrize(("query", "named"), [
    ("from=2026-13-01", "起始日期"),
    ("to=20261019", "截止日期"),
    ("from=2026-10-19&to=2026-10-01", "截止日期"),
    ("department=nosuch", "部门"),
    ("step=lunch", "环节类型"),
    ("state=purple", "列表"),
])
def test_a_bad_filter_is_a_400_page_naming_the_field(scene, staff, query, named):
    response = _get(signed_in(staff["supervisor"]), "?" + query)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and f"“{named}”" in page
    assert 'aria-invalid="true"' in page or "state" in query


def test_the_charts_carry_what_the_data_implies(scene, staff):
    response = _get(signed_in(staff["supervisor"]))
    charts = _charts(response.content.decode())
    assert charts["period"] == {"from": "2025-11-01", "to": "2026-10-19"}
    daily = charts["daily"]
    assert daily["days"][0] == "2026-09-20" and daily["days"][-1] == "2026-10-19"
    filed = Counter(timezone.localdate(c.filed_at).isoformat() for c in
                    [scene[n] for n in ("late", "red", "done", "yellow", "suspended", "green", "breach")])
    assert dict(zip(daily["days"], daily["received"], strict=True)) == {d: filed.get(d, 0) for d in daily["days"]}
    assert dict(zip(daily["days"], daily["completed"], strict=True))["2026-10-13"] == 1
    assert sum(daily["completed"]) == 1  # late was completed on 09-17, before the last 30 days
    on_time = dict(zip(charts["on_time"]["months"], zip(charts["on_time"]["total"], charts["on_time"]["rate"],
                                                         strict=True), strict=True))
    assert on_time["2026-09"] == (1, 0.0) and on_time["2026-10"] == (1, 100.0) and on_time["2026-08"] == (0, None)
    # Working days used, as the ledger counts them for each completed case.
    used = {n: selectors.case_clock_figures(scene[n], TODAY)["used_working_days"] for n in ("late", "done")}
    assert used == {"late": 12, "done": 2}  # done: 4 working days, 2 of them suspended for testing
    histogram = dict(zip(charts["used"]["days"], charts["used"]["cases"], strict=True))
    assert histogram[12] == 1 and histogram[2] == 1 and sum(histogram.values()) == 2
    cards = Card.objects.filter(annulled_at__isnull=True, severity__in=["yellow", "red"])
    by_dept = Counter((c.department.name, c.severity) for c in cards)
    chart = charts["cards"]
    assert chart["departments"] == ["市场监督管理局", "税务局"]  # most red first; tax: its 1-day review step
    figures = {name: (y["value"], r["value"]) for name, y, r in zip(chart["departments"], chart["yellow"],
                                                                    chart["red"], strict=True)}
    assert figures == {name: (by_dept[(name, "yellow")], by_dept[(name, "red")]) for name in figures}
    assert figures["市场监督管理局"][1] >= 3 and figures["税务局"] == (1, 0)
    assert chart["red"][0]["link"] == "/supervision/dashboard/?department=market&state=red#case-list"
    assert chart["yellow"][1]["link"] == "/supervision/dashboard/?department=tax&state=yellow#case-list"
    # The accessible table shows the same figures.
    assert response.context["tables"]["used"] == [(d, histogram.get(d, 0)) for d in range(13)]


def test_the_charts_honour_the_filters(scene, staff):
    client = signed_in(staff["supervisor"])
    charts = _charts(_get(client, "?department=tax").content.decode())
    assert charts["cards"]["departments"] == ["税务局"] and charts["used"]["days"] == []
    assert sum(charts["daily"]["received"]) == 1
    charts = _charts(_get(client, "?from=2026-09-01&to=2026-09-30").content.decode())
    assert charts["period"] == {"from": "2026-09-01", "to": "2026-09-30"}
    assert dict(zip(charts["used"]["days"], charts["used"]["cases"], strict=True)).get(12) == 1
    assert sum(charts["used"]["cases"]) == 1 and charts["on_time"]["months"] == ["2026-09"]


def test_drilldown_shows_days_used_against_budget_and_the_cards(scene, staff):
    case = scene["red"]
    response = signed_in(staff["supervisor"]).get(f"/supervision/cases/{case.number}/")
    assert response.status_code == 200
    page = response.content.decode()
    summary = selectors.case_clock_summary(case, TODAY)
    review = next(s for s in summary["steps"] if s["step"] == "review")
    assert summary["used_working_days"] == 11 and review["used_working_days"] == 11
    step_rows = {row["step"]: (row["used"], row["budget_days"]) for row in response.context["steps"]}
    assert step_rows["review"] == (11, 1)
    assert "11 / 1" in page and "超出环节时限" in page
    assert "已超期 1 个工作日" in page and summary["explanation"] in page  # 10个工作日，自2026-09-28起算 … = 2026-10-16
    assert "法定时限" in page and "20个工作日，自2026-09-28起算" in page
    assert response.context["cards"] and "预警卡" in page and "超时" in page
    assert "{% block" not in page and "<form" not in page.split('id="main"')[1].split("</main>")[0]


def test_drilldown_shows_every_suspension_with_reason_basis_and_who(scene, staff):
    page = signed_in(staff["supervisor"]).get(f"/supervision/cases/{scene['done'].number}/").content.decode()
    assert "检验检测" in page and "《行政许可法》第四十五条" in page
    assert "2026-10-09 — 2026-10-12" in page and "暂停 2" in page and "reviewer" in page
    page = signed_in(staff["supervisor"]).get(f"/supervision/cases/{scene['suspended'].number}/").content.decode()
    assert "专家评审" in page and "进行中" in page


def test_drilldown_lists_the_cases_orders_and_links_a_new_one(scene, staff):
    from backend.supervision import orders_services

    case = scene["red"]
    client = signed_in(staff["supervisor"])
    page = client.get(f"/supervision/cases/{case.number}/").content.decode()
    assert "本办件尚无督办单" in page
    assert f'href="/supervision/orders/new/?case={case.number}"' in page
    order = orders_services.order_issue(actor=staff["supervisor"], problem="审查环节超时",
                                        requirement="三日内办结并说明原因", days=3,
                                        now=at(2026, 10, 19, 9), case=case.number)
    page = client.get(f"/supervision/cases/{case.number}/").content.decode()
    assert f'href="/supervision/orders/{order.pk}/"' in page and "本办件尚无督办单" not in page


@pytest.mark.parametrize("who", ["clerk", "reviewer", "approver", "applicant"])
def test_others_get_403(scene, staff, who):
    client = signed_in(staff[who])
    assert _get(client).status_code == 403
    assert client.get(f"/supervision/cases/{scene['red'].number}/").status_code == 403


def test_anonymous_is_sent_to_sign_in(scene):
    assert Client().get("/supervision/dashboard/").status_code == 302


def test_unknown_case_is_404(scene, staff):
    assert signed_in(staff["supervisor"]).get("/supervision/cases/NOPE/").status_code == 404


def test_echarts_is_served_from_our_static_files(scene, staff):
    assert finders.find("vendor/echarts/echarts.min.js") and finders.find("vendor/echarts/LICENSE")
    assert finders.find("supervision/dashboard.js")
    page = _get(signed_in(staff["supervisor"])).content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert "/static/vendor/echarts/echarts.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)  # nothing loaded from elsewhere


def test_the_navigation_links_the_dashboard_for_supervisors(scene, staff):
    assert 'href="/supervision/dashboard/"' in signed_in(staff["supervisor"]).get("/").content.decode()
    assert 'href="/supervision/dashboard/"' not in signed_in(staff["reviewer"]).get("/").content.decode()


def test_the_dashboard_in_english(scene, staff):
    client = signed_in(staff["supervisor"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert _get(client).status_code == 200


def test_drilldown_of_a_case_not_yet_accepted_says_so(item, staff):
    case = file_case(item, staff, at(2026, 10, 19, 9))
    with time_machine.travel(NOW, tick=False):
        response = signed_in(staff["supervisor"]).get(f"/supervision/cases/{case.number}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "办件尚未受理，时限未开始计算。" in page and "受理" in page  # the accept step's own clock
