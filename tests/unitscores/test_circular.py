"""The circular: signed off by the disclosure office's head, then published through the outbox; a
second publication is a 409; a signed-off card is not recomputed; who may compute and see what."""

from datetime import date

import pytest

from backend.common.errors import DomainError
from backend.disclosure.models import Publication
from backend.scorecards import pdf as scorecards_pdf
from backend.unitscores import services
from backend.unitscores.models import DisclosureScorecard
from tests.unitscores.conftest import NOW, pinned, problem, relay

API = "/api/v1/disclosure/scores/"


@pytest.fixture
def card(county, people):
    with pinned(NOW):
        return services.scorecard_compute(period="2026Q4", now=NOW, actor=people["office"])


def test_the_circular_is_signed_off_then_published_and_a_second_publish_is_409(client, card, people):
    with pinned(NOW):
        client.force_login(people["head"])
        assert client.post("/disclosure-scores/2026Q4/circular/publish/").status_code == 409  # not signed off
        assert client.post("/disclosure-scores/2026Q4/circular/sign-off/").status_code == 302
        assert client.post("/disclosure-scores/2026Q4/circular/sign-off/").status_code == 409
        assert client.get("/public/disclosure-scores/2026Q4/").status_code == 404
        assert client.post("/disclosure-scores/2026Q4/circular/publish/").status_code == 302
        assert client.post("/disclosure-scores/2026Q4/circular/publish/").status_code == 409
    card.refresh_from_db()
    assert card.status == DisclosureScorecard.Status.PUBLISHED and card.signed_off_by == people["head"]
    assert len(card.digest) == 64
    relay(NOW)
    publication = Publication.objects.get(kind=Publication.Kind.UNIT_SCORE, subject="2026Q4")
    assert publication.payload["commended"][0]["label"] == "县水利局"
    client.logout()
    page = client.get("/public/disclosure-scores/2026Q4/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "县住建局" in body and '<th scope="row">' in body and "<caption>" in body
    assert "2026Q4" in client.get("/public/disclosure-scores/").content.decode()
    pdf = client.get("/public/disclosure-scores/2026Q4/circular.pdf")
    assert pdf.status_code == (200 if _font() else 503)  # 503: no embeddable CJK font on this machine
    if _font():
        assert pdf.content.startswith(b"%PDF") and "2026Q4" in pdf["Content-Disposition"]


def _font() -> bool:
    try:
        scorecards_pdf.font_path()
    except DomainError:
        return False
    return True


def test_the_office_downloads_the_draft_pdf_and_a_unit_may_not(client, card, people):
    client.force_login(people["housing"])
    assert client.get("/disclosure-scores/2026Q4/circular.pdf").status_code == 403
    client.force_login(people["office"])
    response = client.get("/disclosure-scores/2026Q4/circular.pdf")
    assert response.status_code == (200 if _font() else 503)
    assert response["Cache-Control"] == "private, no-store"


def test_only_the_office_head_signs_off(client, card, people):
    for who in ("office", "housing", "admin"):  # a head is configured: an administrator is not it
        client.force_login(people[who])
        assert client.post("/disclosure-scores/2026Q4/circular/sign-off/").status_code == 403
        assert client.post(f"{API}2026Q4/sign-off/").status_code == 403
    card.refresh_from_db()
    assert card.status == DisclosureScorecard.Status.DRAFT


def test_without_an_office_head_an_administrator_signs_off(client, card, people, settings):
    settings.DIRECTORY_OFFICE_DEPARTMENT_CODE = ""
    settings.FOI_OFFICE_DEPARTMENT_CODE = ""
    client.force_login(people["head"])
    assert client.post(f"{API}2026Q4/sign-off/").status_code == 403
    with pinned(NOW):
        client.force_login(people["admin"])
        response = client.post(f"{API}2026Q4/sign-off/")
    assert response.status_code == 200 and response.json()["status"] == "signed_off"


def test_recompute_keeps_a_signed_off_card_unchanged(client, card, people, county):
    with pinned(NOW):
        services.scorecard_sign_off(scorecard=card, actor=people["head"], now=NOW)
    before = DisclosureScorecard.objects.get(pk=card.pk)
    problem(county["water"], opened=NOW, due=date(2027, 1, 20))  # would change the figures
    with pinned(NOW):
        client.force_login(people["office"])
        assert client.post(f"{API}compute/", {"period": "2026Q4"}, content_type="application/json").status_code == 409
        assert client.post("/disclosure-scores/compute/", {"period": "2026Q4"}).status_code == 409
    after = DisclosureScorecard.objects.get(pk=card.pk)
    assert (after.computed_rows, after.input_rows, after.computed_at, after.digest) == (
        before.computed_rows, before.input_rows, before.computed_at, before.digest)


def test_a_draft_is_recomputed(client, card, people, county):
    problem(county["water"], opened=NOW.replace(year=2026, month=12), due=date(2027, 1, 20))
    with pinned(NOW):
        client.force_login(people["office"])
        response = client.post(f"{API}compute/", {"period": "2026Q4"}, content_type="application/json")
    assert response.status_code == 201
    water = next(r for r in response.json()["rows"] if r["label"] == "县水利局")
    assert water["score"] < 100


def test_who_may_compute_and_see(client, card, people):
    client.force_login(people["housing"])
    assert client.post(f"{API}compute/", {"period": "2026Q4"}, content_type="application/json").status_code == 403
    assert client.post("/disclosure-scores/compute/", {"period": "2026Q4"}).status_code == 403
    detail = client.get(f"{API}2026Q4/").json()
    assert [r["label"] for r in detail["rows"]] == ["县住建局"]  # its own row only
    assert detail["circular"] is None  # a draft is the office's
    page = client.get("/disclosure-scores/2026Q4/").content.decode()
    assert "县住建局" in page and "县水利局" not in page
    assert client.get("/disclosure-scores/2026Q4/circular/").status_code == 403

    client.force_login(people["office"])
    detail = client.get(f"{API}2026Q4/").json()
    assert {r["label"] for r in detail["rows"]} == {"县水利局", "县住建局"}
    assert detail["circular"]["commended"][0]["label"] == "县水利局"
    assert client.get("/disclosure-scores/2026Q4/circular/").status_code == 200

    client.logout()
    assert client.get(f"{API}2026Q4/").status_code in (401, 403)
    assert client.get("/disclosure-scores/").status_code == 302  # to the login page


def test_a_bad_or_future_period_is_refused(client, people, county):
    with pinned(NOW):
        client.force_login(people["office"])
        bad = client.post(f"{API}compute/", {"period": "2026Q5"}, content_type="application/json")
        future = client.post(f"{API}compute/", {"period": "2027Q2"}, content_type="application/json")
    assert bad.status_code == 400 and future.status_code == 400


def test_the_method_is_public(client, db):
    body = client.get("/public/disclosure-scores/method/").content.decode()
    assert "第 1 版" in body and "栏目按时更新率" in body and "公开内容含未脱敏的个人信息" in body
    methods = client.get(f"{API}methods/").json()
    assert methods[0]["version"] == 1 and "column_freshness" in methods[0]["indicators"]
