"""The supervision order pages: list, new order form, detail with the reply form and the decision."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backend.supervision.models import Order
from tests import factories

from .conftest import at


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_issues_from_the_case_and_the_department_replies(accepted_case, staff, head):
    officer, reviewer = _client(staff["supervisor"]), _client(staff["reviewer"])
    form = officer.get(f"/supervision/orders/new/?case={accepted_case.number}")
    assert form.status_code == 200
    assert f'value="{accepted_case.number}"' in form.content.decode()

    with time_machine.travel(at(2026, 9, 28, 11), tick=False):
        response = officer.post("/supervision/orders/new/", {"case": accepted_case.number, "problem": "超期",
                                                             "requirement": "办结", "days": "3"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/orders/{order.pk}/"

    page = reviewer.get(f"/supervision/orders/{order.pk}/").content.decode()
    assert f'action="/supervision/orders/{order.pk}/reply/"' in page and "/accept/" not in page
    assert "/reply/" not in officer.get(f"/supervision/orders/{order.pk}/").content.decode()

    missing = reviewer.post(f"/supervision/orders/{order.pk}/reply/", {"text": ""})
    assert missing.status_code == 400 and "请填写整改情况" in missing.content.decode()
    evidence = SimpleUploadedFile("report.pdf", factories.PDF, content_type="application/pdf")
    with time_machine.travel(at(2026, 9, 29, 9), tick=False):
        reviewer.post(f"/supervision/orders/{order.pk}/reply/", {"text": "已办结", "evidence": evidence})
    officer_page = officer.get(f"/supervision/orders/{order.pk}/").content.decode()
    assert "/accept/" in officer_page and "/return/" in officer_page and "report.pdf" in officer_page
    evidence_id = order.replies.get().evidence.get().pk
    assert officer.get(f"/supervision/orders/{order.pk}/evidence/{evidence_id}/").status_code == 200

    assert reviewer.post(f"/supervision/orders/{order.pk}/accept/").status_code == 403
    with time_machine.travel(at(2026, 9, 29, 15), tick=False):
        officer.post(f"/supervision/orders/{order.pk}/accept/", {"opinion": "同意"})
    assert Order.objects.get().status == "accepted"
    done = officer.get(f"/supervision/orders/{order.pk}/").content.decode()
    assert "审核：supervisor" in done and "同意" in done and "督办回告通过" in done
    assert "/accept/" not in done and "/reply/" not in done


def test_the_list_shows_each_department_its_own_and_filters_by_state(accepted_case, staff):
    from backend.supervision.orders_services import order_issue

    mine = order_issue(actor=staff["supervisor"], case=accepted_case.number, problem="p", requirement="r", days=3,
                       now=at(2026, 9, 28))
    theirs = order_issue(actor=staff["supervisor"], department=factories.department().pk, problem="p",
                         requirement="r", days=3, now=at(2026, 9, 28))
    Order.objects.filter(pk=theirs.pk).update(state="red")
    reviewer_list = _client(staff["reviewer"]).get("/supervision/orders/").content.decode()
    assert f'href="/supervision/orders/{mine.pk}/"' in reviewer_list
    assert f'href="/supervision/orders/{theirs.pk}/"' not in reviewer_list
    assert _client(staff["reviewer"]).get(f"/supervision/orders/{theirs.pk}/").status_code == 404
    red = _client(staff["supervisor"]).get("/supervision/orders/?state=red").content.decode()
    assert f'href="/supervision/orders/{theirs.pk}/"' in red and f'href="/supervision/orders/{mine.pk}/"' not in red
    assert _client(staff["applicant"]).get("/supervision/orders/").status_code == 403
    assert _client(staff["reviewer"]).get("/supervision/orders/new/").status_code == 403


def test_the_form_prefills_an_item_or_department_and_names_bad_fields(item, staff, dept):
    officer = _client(staff["supervisor"])
    assert f'value="{item.code}"' in officer.get(f"/supervision/orders/new/?item={item.code}").content.decode()
    page = officer.get(f"/supervision/orders/new/?department={dept.pk}").content.decode()
    assert f'value="{dept.pk}" selected' in page
    bad = officer.post("/supervision/orders/new/", {"item": "NOPE", "problem": "p", "requirement": "r", "days": "0"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "事项编码不存在" in text and "回告时限应为" in text


def test_administrators_read_orders_in_the_admin_and_cannot_change_them(accepted_case, staff):
    from backend.supervision.orders_services import order_issue

    order = order_issue(actor=staff["supervisor"], case=accepted_case.number, problem="p", requirement="r", days=3,
                        now=at(2026, 9, 28))
    admin_user = factories.user("root", "admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = _client(admin_user)
    assert client.get("/admin/supervision/order/").status_code == 200
    page = client.get(f"/admin/supervision/order/{order.pk}/change/")
    assert page.status_code == 200 and "p" in page.content.decode()
    assert client.get("/admin/supervision/order/add/").status_code == 403


def test_the_navigation_offers_orders_to_staff_and_officers_not_applicants(staff):
    from django.test import Client

    for who, shown in (("reviewer", True), ("supervisor", True), ("applicant", False)):
        client = Client()
        client.force_login(staff[who])
        assert ('href="/supervision/orders/"' in client.get("/").content.decode()) is shown, who
