"""JSON for machines: paginated, filterable, and cheap to revalidate."""

from datetime import timedelta

from tests import factories
from tests.disclosure.conftest import NOW, person


def test_results_are_paginated(client, decide, relay):
    for name in ("张三丰", "李四光", "王五一"):
        decide(person(name))
    relay()
    first = client.get("/public/api/results/?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_an_unchanged_list_revalidates_with_304(client, decide, relay, staff):
    decide()
    relay()
    response = client.get("/public/api/results/")
    assert response.status_code == 200 and response["ETag"] and response["Last-Modified"]
    again = client.get("/public/api/results/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/public/api/results/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_a_new_publication_changes_the_etag(client, decide, relay):
    decide()
    relay()
    etag = client.get("/public/api/results/")["ETag"]
    decide(person("赵六"), at=NOW + timedelta(days=3))
    relay(at=NOW + timedelta(days=5))
    response = client.get("/public/api/results/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["count"] == 2


def test_results_filter_by_department_item_and_month(client, decide, relay, dept):
    other_item = factories.item(factories.department("health", "卫生健康局"))
    decide(person("张三丰"))
    decide(person("李四光"), on_item=other_item, at=NOW - timedelta(days=40))
    relay()

    def numbers(query):
        return [r["item"]["code"] for r in client.get(f"/public/api/results/?{query}").json()["results"]]

    assert numbers("department=health") == [other_item.code]
    assert numbers(f"item={other_item.code}") == [other_item.code]
    assert len(numbers("month=2026-11")) == 1 and len(numbers("month=2026-10")) == 1
    page = client.get("/public/results/", {"department": "health"}).content.decode()
    assert other_item.name in page


def test_bad_parameters_get_a_clear_400(client, db):
    for query in ("month=2026-13", "month=yesterday", "page=0", "page_size=1000", "page=abc"):
        response = client.get(f"/public/api/results/?{query}")
        assert response.status_code == 400, query
        assert response.json()["errors"][0]["code"] == "invalid"
    assert client.get("/public/results/?month=nope").status_code == 400


def test_guides_json_carries_every_element(client, item, relay):
    relay()
    guide = client.get("/public/api/guides/").json()["results"][0]["guide"]
    assert {"legal_bases", "conditions", "materials", "steps", "statutory_limit_days", "promised_limit_days", "fees",
            "place", "hours", "enquiry_phone", "complaint_phone"} <= guide.keys()
    assert client.get(f"/public/api/guides/{item.code}/").json()["code"] == item.code
    assert client.get("/public/api/guides/NOPE/").status_code == 404


def test_public_pages_need_no_login(client, item, relay):
    relay()
    for url in ("/public/", "/public/guides/", f"/public/guides/{item.code}/", "/public/results/", "/public/screen/",
                "/public/kiosk/"):
        assert client.get(url).status_code == 200, url


def test_a_correction_changes_the_etag_whatever_time_the_relay_stamps(client, decide, relay, staff):
    from backend.disclosure import services
    from backend.disclosure.models import Publication

    corrected = decide(person("张三丰"))
    decide(person("李四光"))
    relay(at=NOW + timedelta(days=5))
    etag = client.get("/public/api/results/")["ETag"]
    published = Publication.objects.get(kind="result", subject=corrected.number)
    services.publication_correct(publication=published, reason="决定日期录入有误", actor=staff["supervisor"],
                                 now=NOW + timedelta(days=2))
    relay(at=NOW + timedelta(days=3))  # a batch whose `now` is older than the last change
    assert Publication.objects.filter(kind="result", subject=corrected.number).count() == 2
    response = client.get("/public/api/results/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    reasons = {r["case_number"]: r["correction_reason"] for r in response.json()["results"]}
    assert reasons[corrected.number] == "决定日期录入有误"
