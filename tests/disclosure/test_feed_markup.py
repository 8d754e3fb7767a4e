"""Names and reasons typed by people reach feed readers as text, never as markup: Atom titles and
category terms are text, and a `type="html"` summary is HTML-escaped before it is XML-escaped."""

from datetime import timedelta
from html.parser import HTMLParser
from xml.etree import ElementTree

import feedparser
import pytest

from backend.accounts.models import Department
from backend.catalog.models import ServiceItem
from backend.disclosure import services
from backend.disclosure.models import Publication
from tests.disclosure.conftest import NOW
from tests.factories import COMPANY

ATOM = "{http://www.w3.org/2005/Atom}"
# Live markup, markup-looking text that must stay literal, quotes and ampersands.
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>&lt;b&gt;\"双引号\"'单引号'&amp; A&B"


class _Html(HTMLParser):
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def _read(client, url: str):
    body = client.get(url).content
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    return ElementTree.fromstring(body).findall(f"{ATOM}entry"), feed.entries


def _assert_text_only(entries, parsed, *, title: str, summary: str, category: str):
    """What a reader shows: each element's text, after XML and (for html) HTML unescaping."""
    assert entries and len(entries) == len(parsed)
    for entry, seen in zip(entries, parsed, strict=True):
        title_el = entry.find(f"{ATOM}title")
        assert title_el.get("type", "text") == "text" and title in title_el.text
        summary_el = entry.find(f"{ATOM}summary")
        assert summary_el.get("type") == "html"
        for html in (summary_el.text, seen.summary):  # as written, and as feedparser hands it on
            shown = _Html(html)
            assert shown.tags == [] and summary in shown.text
        assert title in seen.title and summary in _Html(seen.summary).text
        assert category in [c.get("term") for c in entry.findall(f"{ATOM}category")]
        assert category in [t.term for t in seen.tags]


@pytest.fixture
def hostile_names(dept, item):
    Department.objects.filter(pk=dept.pk).update(name=f"部门{PAYLOAD}")
    ServiceItem.objects.filter(pk=item.pk).update(name=f"事项{PAYLOAD}")


def test_a_reader_sees_a_companys_markup_as_text_in_the_results_feed(client, hostile_names, decide, relay):
    case = decide({**COMPANY, "name": f"公司{PAYLOAD}"})
    relay()
    entries, parsed = _read(client, "/public/feeds/results.atom")
    _assert_text_only(entries, parsed, title=f"事项{PAYLOAD} · {case.number}", summary=f"申请人：公司{PAYLOAD}",
                      category=f"部门{PAYLOAD}")


def test_a_reader_sees_a_withdrawal_reasons_markup_as_text(client, decide, relay, staff):
    case = decide()
    relay()
    publication = Publication.objects.get(kind="result", subject=case.number)
    services.publication_withdraw(publication=publication, reason=f"理由{PAYLOAD}", actor=staff["approver"],
                                  now=NOW + timedelta(days=5))
    entries, parsed = _read(client, "/public/feeds/results.atom")
    _assert_text_only(entries, parsed, title="【已撤回】", summary=f"理由：理由{PAYLOAD}", category="withdrawn")


def test_a_reader_sees_an_items_markup_as_text_in_the_guides_feed(client, hostile_names, relay):
    relay()
    entries, parsed = _read(client, "/public/feeds/guides.atom")
    _assert_text_only(entries, parsed, title=f"事项{PAYLOAD}（办事指南第 1 版）", summary=f"实施部门：部门{PAYLOAD}；",
                      category=f"部门{PAYLOAD}")


def test_the_results_page_still_escapes_the_company_name(client, decide, relay):
    case = decide({**COMPANY, "name": f"公司{PAYLOAD}"})
    relay()
    page = client.get(f"/public/results/{case.number}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
