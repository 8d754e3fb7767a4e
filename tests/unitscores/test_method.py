"""The method: seeded and published, administrators edit it in the admin, a used version is read-only,
and a newer published version is the one a period is computed with."""

from django.urls import reverse

from backend.unitscores import services
from backend.unitscores.models import DisclosureMethod
from tests.unitscores.conftest import NOW, pinned


def test_the_first_method_is_seeded_and_published(db):
    method = DisclosureMethod.objects.get(version=1)
    assert method.published_at is not None
    assert set(method.indicators) == {"findings_per_column", "rectification_timeliness", "column_freshness",
                                      "letter_reply_rate", "letter_on_time_rate", "request_on_time_rate",
                                      "external_points_lost"}
    assert set(method.vetoes) == {"unmasked_personal_data", "request_past_statutory"}
    method.as_core()  # it can score


def test_a_used_version_is_read_only_in_the_admin(admin_client, county):
    with pinned(NOW):
        card = services.scorecard_compute(period="2026Q4", now=NOW)
    page = admin_client.get(reverse("admin:unitscores_disclosuremethod_change", args=[card.method.pk]))
    assert page.status_code == 200 and 'name="indicators"' not in page.content.decode()
    fresh = DisclosureMethod.objects.create(version=7, indicators={
        "column_freshness": {"weight": 1, "best": 1, "worst": 0}})
    page = admin_client.get(reverse("admin:unitscores_disclosuremethod_change", args=[fresh.pk]))
    assert 'name="indicators"' in page.content.decode()


def test_the_admin_copies_a_version_and_refuses_indicators_that_cannot_score(admin_client):
    v1 = DisclosureMethod.objects.get(version=1)
    admin_client.post(reverse("admin:unitscores_disclosuremethod_changelist"),
                      {"action": "new_version", "_selected_action": [v1.pk]})
    copy = DisclosureMethod.objects.get(version=2)
    assert copy.indicators == v1.indicators and copy.vetoes == v1.vetoes and copy.published_at is None
    response = admin_client.post(reverse("admin:unitscores_disclosuremethod_add"), {
        "version": 5, "indicators": '{"speed": {"weight": 1, "best": 1, "worst": 0}}', "vetoes": "{}",
        "circular": "{}", "description": ""})
    assert response.status_code == 200 and "未知指标" in response.content.decode()
    assert not DisclosureMethod.objects.filter(version=5).exists()


def test_a_newer_published_version_is_the_one_in_force(county):
    DisclosureMethod.objects.create(version=2, indicators={"column_freshness": {"weight": 1, "best": 1, "worst": 0}},
                                    published_at=NOW.replace(day=1))
    with pinned(NOW):
        card = services.scorecard_compute(period="2026Q4", now=NOW)
    assert card.method_version == 2
    assert {len(row["indicators"]) for row in card.computed_rows} == {1}
