"""The month's circular: drafted from the figures, signed off by the office's head only, published
through the disclosure channel only after sign-off, and then on the public site."""

import pytest
from django.urls import reverse

from backend.disclosure import outbox, webhooks
from backend.disclosure.models import OutboxEvent, Publication
from backend.scorecards import services
from backend.scorecards.models import Circular
from backend.supervision import hashlog
from backend.supervision.models import LogEntry
from tests.scorecards.conftest import NOVEMBER, NOW

pytestmark = pytest.mark.django_db


def test_the_scorecard_keeps_the_rows_it_used_and_ranks_with_the_published_method(scorecard, november_rows):
    assert scorecard.method_version == 1
    assert scorecard.input_rows == november_rows
    ranked = [(r["label"], r["rank"]) for r in scorecard.computed_rows]
    assert ranked[0] == ("县市场监督管理局", 1)
    assert ("县林业局", None) in ranked
    assert LogEntry.objects.filter(kind="scorecard_computed").count() == 1


def test_circular_page_lists_commended_and_criticised_departments(client, people, scorecard, pinned):
    client.force_login(people["supervisor"])
    page = client.get(reverse("scorecards:circular", args=["2026-11"]))
    assert page.status_code == 200
    html = page.content.decode()
    commended = html.split('class="circular-commended"')[1].split("</ol>")[0]
    criticised = html.split('class="circular-criticised"')[1].split("</ol>")[0]
    assert "县市场监督管理局" in commended and "县交通运输局" in commended
    assert "县自然资源局" in criticised and "超时 3 件" in criticised and "红牌 1 张" in criticised
    assert "县自然资源局" not in commended
    assert "本月办结 3 件，少于最低样本量 10 件，不参与排名" in html
    assert "签发通报" not in html  # a supervisor is not the head


def test_scorecard_page_shows_rank_score_and_why_a_department_is_not_ranked(client, people, scorecard, pinned):
    client.force_login(people["supervisor"])
    html = client.get(reverse("scorecards:detail", args=["2026-11"])).content.decode()
    assert "按时办结率" in html and "不参与排名" in html
    assert "本月办结 3 件，少于最低样本量 10 件，不参与排名" in html


def test_the_months_page_lists_computed_months_with_a_compute_form(client, people, scorecard, pinned):
    client.force_login(people["supervisor"])
    html = client.get(reverse("scorecards:list")).content.decode()
    assert 'href="/supervision/scorecards/2026-11/"' in html and "草稿" in html
    assert 'name="month"' in html and 'value="2026-11"' in html  # last month by default


def test_a_future_month_is_refused_with_a_message(client, people, pinned):
    client.force_login(people["supervisor"])
    response = client.post(reverse("scorecards:compute"), {"month": "2027-01"}, follow=True)
    assert "不能计算尚未开始的月份" in response.content.decode()


def test_only_supervisors_and_administrators_see_scorecards(client, people, scorecard, pinned):
    client.force_login(people["clerk"])
    assert client.get(reverse("scorecards:list")).status_code == 403
    assert client.get(reverse("scorecards:circular", args=["2026-11"])).status_code == 403


def test_only_the_head_can_sign_off(client, people, scorecard, pinned):
    client.force_login(people["supervisor"])
    refused = client.post(reverse("scorecards:sign-off", args=["2026-11"]))
    assert refused.status_code == 403
    assert Circular.objects.get().status == Circular.Status.DRAFT

    client.force_login(people["admin"])  # no head named: any administrator is the head
    done = client.post(reverse("scorecards:sign-off", args=["2026-11"]))
    assert done.status_code == 302
    circular = Circular.objects.get()
    assert circular.status == Circular.Status.SIGNED_OFF and circular.signed_off_by == people["admin"]
    entry = LogEntry.objects.get(kind="circular_signed_off")
    assert entry.payload["digest"] == circular.digest and entry.payload["actor"] == "office-admin"
    assert hashlog.verify().ok


def test_a_named_head_is_the_only_one_who_signs_off(settings, people, scorecard):
    from backend.common.errors import DomainError

    head = people["supervisor"]
    settings.SUPERVISION_OFFICE_HEAD_USERNAME = head.username
    with pytest.raises(DomainError) as refused:
        services.circular_sign_off(circular=scorecard.circular, actor=people["admin"], now=NOW)
    assert refused.value.status == 403
    services.circular_sign_off(circular=scorecard.circular, actor=head, now=NOW)
    assert Circular.objects.get().signed_off_by == head


def test_publishing_before_sign_off_is_refused_with_409(client, people, scorecard, pinned):
    client.force_login(people["admin"])
    refused = client.post(reverse("scorecards:publish", args=["2026-11"]))
    assert refused.status_code == 409
    assert "签发后才能公开" in refused.content.decode()
    assert not OutboxEvent.objects.filter(kind=OutboxEvent.Kind.SCORECARD).exists()


def test_a_signed_off_month_cannot_be_recomputed(people, scorecard, november_rows):
    from backend.common.errors import Conflict

    services.circular_sign_off(circular=scorecard.circular, actor=people["admin"], now=NOW)
    with pytest.raises(Conflict):
        services.scorecard_record(month=NOVEMBER, rows=november_rows[:1], now=NOW, actor=people["supervisor"])


def test_recomputing_a_draft_replaces_its_figures(people, scorecard, november_rows):
    again = services.scorecard_record(month=NOVEMBER, rows=november_rows[:2], now=NOW, actor=people["supervisor"])
    assert again.pk == scorecard.pk and len(again.computed_rows) == 2
    assert Circular.objects.count() == 1


def test_published_ranking_and_circular_appear_on_the_public_site(client, people, scorecard, pinned):
    client.force_login(people["admin"])
    client.post(reverse("scorecards:sign-off", args=["2026-11"]))
    published = client.post(reverse("scorecards:publish", args=["2026-11"]))
    assert published.status_code == 302
    assert Circular.objects.get().status == Circular.Status.PUBLISHED
    assert LogEntry.objects.filter(kind="circular_published").exists()

    outbox.relay_due(now=NOW)
    publication = Publication.objects.get(kind=Publication.Kind.SCORECARD)
    assert publication.subject == "2026-11" and publication.status == Publication.Status.PUBLISHED
    assert publication.title == "2026年11月政务服务量化考评情况通报"
    assert [r["label"] for r in publication.payload["ranking"]][0] == "县市场监督管理局"
    assert publication.payload["figures"][0]["label"] == "县市场监督管理局"  # department names stay
    assert webhooks.public_url(publication).endswith("/public/scorecards/2026-11/")

    client.logout()
    listing = client.get("/public/scorecards/")
    assert "2026年11月政务服务量化考评情况通报" in listing.content.decode()
    page = client.get("/public/scorecards/2026-11/").content.decode()
    assert "县市场监督管理局" in page and "县自然资源局" in page and "红牌 1 张" in page


def test_publishing_twice_is_refused(people, scorecard):
    from backend.common.errors import Conflict

    services.circular_sign_off(circular=scorecard.circular, actor=people["admin"], now=NOW)
    services.circular_publish(circular=scorecard.circular, actor=people["admin"], now=NOW)
    with pytest.raises(Conflict):
        services.circular_publish(circular=scorecard.circular, actor=people["admin"], now=NOW)
