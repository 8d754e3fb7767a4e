"""The API under /api/v1/foi/: filing, the office's actions, the reply letter, the applicant's
tracking by number + query code; bad input → field errors; who may do what."""

from urllib.parse import quote

import time_machine

from tests import factories

from .conftest import REQUEST, at


def _file(api, organ, office, **extra):
    body = {"organ": organ.pk, "channel": "in_person", "applicant": factories.PERSON, **REQUEST, **extra}
    return api(office["clerk"]).post("/api/v1/foi/requests/", body, format="json")


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
def test_staff_file_in_person_and_read_it_back(api, organ, office):
    response = _file(api, organ, office)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["received_on"] == "2026-03-02" and body["stage"] == "handling"
    assert body["clock"]["statutory_deadline"] == "2026-03-30"
    listed = api(office["officer"]).get("/api/v1/foi/requests/?state=open&clock=green").json()
    assert [r["number"] for r in listed["results"]] == [body["number"]]


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
def test_bad_input_is_a_field_error_never_a_500(api, organ, office):
    response = _file(api, organ, office, form="scroll", description="", channel="post")
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"form", "description", "post_kind", "signed_on"} <= fields
    assert api(office["clerk"]).post("/api/v1/foi/requests/", [1], format="json").status_code == 400


@time_machine.travel(at(2026, 3, 2, 9), tick=False)
def test_applicant_files_online_and_tracks_with_the_query_code(api, organ, office):
    response = api(office["applicant"]).post("/api/v1/foi/requests/", {
        "organ": organ.pk, "channel": "online", "applicant": factories.PERSON, **REQUEST}, format="json")
    assert response.status_code == 201, response.json()
    number = response.json()["number"]
    from backend.cases.models import Case

    code = Case.objects.get(number=number).query_code
    anon = api()
    tracked = anon.post("/api/v1/foi/public/lookup/", {"number": number, "query_code": code}, format="json")
    assert tracked.status_code == 200 and tracked.json()["stage"] == "unconfirmed"
    assert anon.post("/api/v1/foi/public/lookup/", {"number": number, "query_code": "WRONG"},
                     format="json").status_code == 404
    confirmed = api(office["clerk"]).post(f"/api/v1/foi/requests/{number}/confirm/", {}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["received_on"] == "2026-03-02"


def test_extend_reply_sign_deliver_and_the_pdf_for_applicant_and_staff_only(api, organ, office):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        number = _file(api, organ, office).json()["number"]
    with time_machine.travel(at(2026, 3, 20, 9), tick=False):
        refused = api(office["officer"]).post(f"/api/v1/foi/requests/{number}/extend/",
                                              {"days": 10, "reason": "需调档"}, format="json")
        assert refused.status_code == 403
        extended = api(office["head"]).post(f"/api/v1/foi/requests/{number}/extend/",
                                            {"days": 10, "reason": "需调档"}, format="json")
        assert extended.status_code == 200 and extended.json()["clock"]["statutory_deadline"] == "2026-04-14"
        bad = api(office["officer"]).post(f"/api/v1/foi/requests/{number}/reply/", {
            "reply_type": "partly_granted", "reply_data": {"provided": "汇总表"}}, format="json")
        assert bad.status_code == 400
        assert {e["field"] for e in bad.json()["errors"]} == {"reply_data.redacted", "reply_data.reason",
                                                              "reply_ground"}
        drafted = api(office["officer"]).post(f"/api/v1/foi/requests/{number}/reply/", {
            "reply_type": "partly_granted", "reply_ground": "third_party",
            "reply_data": {"provided": "汇总表", "redacted": "身份证号码", "reason": "涉及个人隐私"}}, format="json")
        assert drafted.status_code == 200 and "第三十七条" in drafted.json()["reply_text"]
        draft_pdf = api(office["officer"]).get(f"/api/v1/foi/requests/{number}/reply.pdf")
        assert draft_pdf.status_code == 200 and draft_pdf["Content-Type"] == "application/pdf"
        assert draft_pdf["Content-Disposition"] == (
            f'attachment; filename="foi-reply-{number}.pdf"; '
            f"filename*=UTF-8''{quote(f'政府信息公开申请答复书-{number}.pdf', safe='')}")
        assert api(office["officer"]).post(f"/api/v1/foi/requests/{number}/submit/", {},
                                           format="json").status_code == 200
        assert api(office["other"]).post(f"/api/v1/foi/requests/{number}/sign/", {},
                                         format="json").status_code == 403
        signed = api(office["head"]).post(f"/api/v1/foi/requests/{number}/sign/", {}, format="json")
        assert signed.status_code == 200 and signed.json()["signed"]
        delivered = api(office["clerk"]).post(f"/api/v1/foi/requests/{number}/deliver/", {
            "delivery_method": "electronic", "delivered_on": "2026-03-20", "recipient": "张小明",
            "confirmation": "邮件已送达"}, format="json")
        assert delivered.status_code == 200, delivered.json()
        assert delivered.json()["status"] == "completed" and delivered.json()["closed_at"]
    from backend.cases.models import Case

    code = Case.objects.get(number=number).query_code
    pdf = api().post("/api/v1/foi/public/reply.pdf", {"number": number, "query_code": code}, format="json")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    outsider = factories.user("outsider", "applicant")
    assert api(outsider).get(f"/api/v1/foi/requests/{number}/reply.pdf").status_code == 404
    stranger = factories.user("stranger", "reviewer", departments=[factories.department()])
    assert api(stranger).get(f"/api/v1/foi/requests/{number}/").status_code == 404


@time_machine.travel(at(2026, 3, 4, 9), tick=False)
def test_public_supplement_answer_restarts_the_term(api, organ, office):
    number = _file(api, organ, office).json()["number"]
    asked = api(office["officer"]).post(f"/api/v1/foi/requests/{number}/supplement/",
                                        {"supplement_request": "请写明文件名称"}, format="json")
    assert asked.status_code == 200 and asked.json()["stage"] == "supplement"
    from backend.cases.models import Case

    code = Case.objects.get(number=number).query_code
    with time_machine.travel(at(2026, 3, 6, 9), tick=False):
        answered = api().post("/api/v1/foi/public/supplement/", {"number": number, "query_code": code,
                                                                 "supplement_answer": "2025年统计表"}, format="json")
        assert answered.status_code == 200 and answered.json()["stage"] == "handling"
    detail = api(office["officer"]).get(f"/api/v1/foi/requests/{number}/").json()
    assert detail["clock"]["statutory_deadline"] == "2026-04-03"  # 20 working days from 6 March


def test_supervisor_reads_but_may_not_act(api, organ, office, staff):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        number = _file(api, organ, office).json()["number"]
        supervisor = staff["supervisor"]
        assert api(supervisor).get(f"/api/v1/foi/requests/{number}/").status_code == 200
        assert api(supervisor).post(f"/api/v1/foi/requests/{number}/supplement/",
                                    {"supplement_request": "x"}, format="json").status_code == 403
