"""Administrators withdraw and correct publications from the Django admin, with a reason."""

import pytest

from backend.disclosure.models import Publication
from tests.disclosure.conftest import person


@pytest.fixture
def publication(decide, relay):
    case = decide(person("李小红"))
    relay()
    return Publication.objects.get(subject=case.number)


def test_withdrawing_asks_for_a_reason_first(admin_client, publication):
    response = admin_client.post("/admin/disclosure/publication/",
                                 {"action": "withdraw", "_selected_action": [publication.pk]})
    assert response.status_code == 200 and 'name="reason"' in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == "published"


def test_withdrawing_with_a_reason_takes_it_off_the_site(admin_client, client, publication):
    response = admin_client.post("/admin/disclosure/publication/", {
        "action": "withdraw", "_selected_action": [publication.pk], "apply": "1", "reason": "申请人撤回申请"})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == "withdrawn" and publication.withdrawn_reason == "申请人撤回申请"
    assert client.get("/public/api/results/").json()["count"] == 0


def test_withdrawing_without_a_reason_is_refused_with_a_message(admin_client, publication):
    response = admin_client.post("/admin/disclosure/publication/", {
        "action": "withdraw", "_selected_action": [publication.pk], "apply": "1", "reason": ""}, follow=True)
    assert "必须说明理由" in response.content.decode()
    publication.refresh_from_db()
    assert publication.status == "published"


def test_correcting_queues_a_new_version(admin_client, publication, relay):
    admin_client.post("/admin/disclosure/publication/", {
        "action": "correct", "_selected_action": [publication.pk], "apply": "1", "reason": "重新核对"})
    relay()
    current = Publication.objects.get(subject=publication.subject, status="published")
    assert current.version == 2 and current.correction_reason == "重新核对"


def test_the_publication_page_shows_its_deliveries_read_only(admin_client, publication):
    response = admin_client.get(f"/admin/disclosure/publication/{publication.pk}/change/")
    assert response.status_code == 200
