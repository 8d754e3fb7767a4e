"""The scoring method is data: seeded, public, and never edited once a scorecard used it."""

import pytest
from django.urls import reverse

from backend.scorecards import services
from backend.scorecards.models import ScoringMethod
from tests.scorecards.conftest import NOVEMBER, NOW

pytestmark = pytest.mark.django_db


def test_the_first_method_is_seeded_and_published():
    method = ScoringMethod.objects.get(version=1)
    assert method.published_at is not None and method.min_sample == 10
    assert sum(spec["weight"] for spec in method.weights.values()) == 100
    method.as_core()  # it scores


def test_the_method_page_is_public_and_states_weights_formula_and_minimum_sample(client, pinned):
    page = client.get("/public/scorecards/method/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "政务服务量化考评办法" in html and "第 1 版" in html
    for label in ("按时办结率", "提前办结率", "每百件超时件数", "每百件红牌数", "好差评平均分", "每百件退回次数"):
        assert label in html
    assert "35.0%" in html  # the on-time rate's share of the weights
    assert "当月办结少于 10 件的部门不计分、不参与排名" in html
    assert "名次相同" in html


def test_a_newer_published_version_is_the_one_in_force(client, people, november_rows, pinned):
    v1 = ScoringMethod.objects.get(version=1)
    v2 = services.scoring_method_new_version(based_on=v1, now=NOW)
    assert v2.version == 2 and v2.published_at is None
    scorecard = services.scorecard_record(month=NOVEMBER, rows=november_rows, now=NOW, actor=people["supervisor"])
    assert scorecard.method_version == 1  # unpublished versions are not used
    v2.min_sample, v2.published_at = 50, NOW
    v2.save()
    again = services.scorecard_record(month=NOVEMBER, rows=november_rows, now=NOW, actor=people["supervisor"])
    assert again.method_version == 2
    assert all(r["rank"] is None for r in again.computed_rows)  # nobody completed 50
    html = client.get("/public/scorecards/method/").content.decode()
    assert "第 2 版" in html and "以前的版本" in html


def test_a_used_version_is_read_only_in_the_admin(admin_client, scorecard):
    page = admin_client.get(reverse("admin:scorecards_scoringmethod_change", args=[scorecard.method.pk]))
    assert page.status_code == 200
    assert 'name="weights"' not in page.content.decode()
    fresh = ScoringMethod.objects.create(version=7, weights={"on_time_rate": {"weight": 1, "best": 1, "worst": 0}})
    page = admin_client.get(reverse("admin:scorecards_scoringmethod_change", args=[fresh.pk]))
    assert 'name="weights"' in page.content.decode()


def test_the_admin_copies_a_version_into_a_new_unpublished_one(admin_client):
    v1 = ScoringMethod.objects.get(version=1)
    admin_client.post(reverse("admin:scorecards_scoringmethod_changelist"),
                      {"action": "new_version", "_selected_action": [v1.pk]})
    copy = ScoringMethod.objects.get(version=2)
    assert copy.weights == v1.weights and copy.published_at is None


def test_the_admin_refuses_weights_that_cannot_score(admin_client):
    response = admin_client.post(reverse("admin:scorecards_scoringmethod_add"), {
        "version": 5, "weights": '{"speed": {"weight": 1, "best": 1, "worst": 0}}', "min_sample": 10,
        "circular": "{}", "description": ""})
    assert response.status_code == 200
    assert "未知指标" in response.content.decode()
    assert not ScoringMethod.objects.filter(version=5).exists()
