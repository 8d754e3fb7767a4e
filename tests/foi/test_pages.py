"""The office's pages and the applicant's tracking page."""

import time_machine
from django.test import Client

from .conftest import at, file_in_person


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
def test_the_office_registers_a_posted_request_and_sees_it_with_its_clock(organ, office):
    client = _client(office["clerk"])
    assert client.get("/foi/register/").status_code == 200
    response = client.post("/foi/register/", {
        "organ": organ.pk, "channel": "post", "post_kind": "signed", "signed_on": "2026-02-27", "type": "person",
        "name": "张小明", "id_number": "11010519491231002X", "mobile": "13812341234",
        "description": "2025年度财政预算执行情况", "form": "paper", "delivery_way": "post",
        "address": "临河县幸福路8号"})
    assert response.status_code == 302
    listing = client.get("/foi/?state=open").content.decode()
    assert "2025年度财政预算执行情况" in listing and "2026-02-27" in listing
    detail = client.get(response["Location"]).content.decode()
    # 20 working days after Friday 27 February, Saturday 28 February (调休) being one of them.
    assert "签收之日" in detail and "2026-03-26" in detail


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
def test_errors_show_beside_the_fields_and_keep_what_was_typed(organ, office):
    response = _client(office["clerk"]).post("/foi/register/", {
        "organ": organ.pk, "channel": "in_person", "type": "person", "name": "张小明", "mobile": "123",
        "description": "我要的信息", "form": "", "delivery_way": "email"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="f-form-error"' in page and 'id="f-email-error"' in page and "我要的信息" in page
    assert 'aria-describedby="f-mobile-error"' in page


@time_machine.travel(at(2026, 3, 20, 9), tick=False)
def test_extension_form_is_offered_to_the_office_head_only(organ, office):
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    url = f"/foi/{request.case.number}/"
    assert "同意延期" in _client(office["head"]).get(url).content.decode()
    assert "同意延期" not in _client(office["officer"]).get(url).content.decode()
    refused = _client(office["officer"]).post(url + "extend/", {"days": "5", "reason": "理由"})
    assert refused.status_code == 403
    bad = _client(office["head"]).post(url + "extend/", {"days": "30", "reason": ""})
    assert bad.status_code == 400 and 'id="f-days-error"' in bad.content.decode()
    assert _client(office["head"]).post(url + "extend/", {"days": "5", "reason": "需调档"}).status_code == 302


def test_applicants_do_not_see_the_office_list(organ, office):
    assert _client(office["applicant"]).get("/foi/").status_code == 403


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
def test_tracking_page_by_number_and_query_code(organ, office):
    request = file_in_person(organ, office, at(2026, 3, 2, 9))
    client = Client()
    assert client.get("/information-requests/track/").status_code == 200
    found = client.post("/information-requests/track/", {"number": request.case.number,
                                                         "query_code": request.case.query_code})
    assert found.status_code == 200 and "承办中" in found.content.decode() and "2026-03-30" in found.content.decode()
    wrong = client.post("/information-requests/track/", {"number": request.case.number, "query_code": "AAAA1111"})
    assert wrong.status_code == 404
