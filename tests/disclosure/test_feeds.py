"""Atom feeds of guides and results parse cleanly and carry masked content."""

import feedparser

from tests.disclosure.conftest import person


def test_the_results_feed_parses_and_masks_the_applicant(client, decide, relay):
    case = decide(person("欧阳晓东"))
    relay()
    response = client.get("/public/feeds/results.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "行政许可结果公开" and feed.feed.language == "zh-Hans"
    [entry] = feed.entries
    assert case.number in entry.title and "欧阳*东" in entry.summary
    assert "欧阳晓东" not in response.content.decode()
    assert entry.link.endswith(f"/public/results/{case.number}/")


def test_the_guides_feed_lists_every_guide_in_force(client, item, relay):
    relay()
    feed = feedparser.parse(client.get("/public/feeds/guides.atom").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [f"{item.name}（办事指南第 1 版）"]
    assert feed.entries[0].updated


def test_the_feed_follows_the_readers_language(client, decide, relay):
    decide()
    relay()
    feed = feedparser.parse(client.get("/public/feeds/results.atom", HTTP_ACCEPT_LANGUAGE="en").content)
    assert feed.feed.title == "Permit decisions" and feed.feed.language == "en"
    assert "Approved" in feed.entries[0].title
