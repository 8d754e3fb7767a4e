"""Withdrawal and correction, as the public pages, JSON and feed show them."""

from __future__ import annotations

import pytest

from backend.directory import services
from backend.directory.models import Document
from backend.disclosure.models import Publication

from .conftest import SIGNED, at, draft, pinned, publish, relay

pytestmark = pytest.mark.django_db
LATER = at(2026, 11, 10, 10)


def test_a_withdrawn_document_says_so_and_leaves_the_list_and_json(client, people, column):
    doc = publish(people, draft(people))
    with pinned(LATER):
        with pytest.raises(services.DomainError) as err:
            services.document_withdraw(document=doc, reason="  ", actor=people["drafter"], now=LATER)
        assert err.value.errors[0].field == "reason"
        services.document_withdraw(document=doc, reason="已被新文件替代", actor=people["drafter"], now=LATER)
    relay(LATER)
    assert Document.objects.get(pk=doc.pk).status == Document.Status.WITHDRAWN
    page = client.get(f"/public/catalogue/documents/{doc.key}/").content.decode()
    assert "本文已撤回" in page and "已被新文件替代" in page and "一、补贴对象" not in page
    assert doc.key not in client.get("/public/catalogue/zcwj/").content.decode()
    assert client.get("/public/catalogue/data.json").json()["documents"] == []
    feed = client.get("/public/catalogue/feed.atom").content.decode()
    assert "【已撤回】" in feed


def test_a_correction_goes_through_review_and_supersedes_the_published_version(client, people, column):
    doc = publish(people, draft(people))
    with pinned(LATER):
        with pytest.raises(services.DomainError) as err:
            services.document_correct(document=doc, data={"doc_number": "x"}, reason="", actor=people["drafter"],
                                      now=LATER)
        assert [e.field for e in err.value.errors] == ["reason"]
        doc = services.document_correct(document=doc, data={"doc_number": "临建〔2026〕13号", "validity": "expired"},
                                        reason="文号更正", actor=people["drafter"], now=LATER)
    assert doc.status == Document.Status.DRAFT and doc.version == 2
    # Until the new version is signed off, the public keeps the first.
    assert "临建〔2026〕12号" in client.get(f"/public/catalogue/documents/{doc.key}/").content.decode()
    doc = publish(people, doc, when=at(2026, 11, 12, 10))
    pubs = Publication.objects.filter(kind="document", subject=doc.key).order_by("version")
    assert [(p.version, p.status) for p in pubs] == [(1, "superseded"), (2, "published")]
    page = client.get(f"/public/catalogue/documents/{doc.key}/").content.decode()
    assert "临建〔2026〕13号" in page and "文号更正" in page and "第 2 版" in page
    assert doc.published_on.isoformat() == SIGNED.date().isoformat()  # the first publication's day stays
    rows = client.get("/public/catalogue/data.json").json()["documents"]
    assert [(r["subject"], r["version"], r["validity"]) for r in rows] == [(doc.key, 2, "expired")]


def test_only_a_published_document_is_withdrawn_or_corrected(people, column):
    doc = draft(people)
    with pinned(LATER):
        with pytest.raises(services.DomainError) as err:
            services.document_withdraw(document=doc, reason="x", actor=people["drafter"], now=LATER)
        assert err.value.status == 409
        with pytest.raises(services.DomainError) as err:
            services.document_correct(document=doc, data={}, reason="x", actor=people["drafter"], now=LATER)
        assert err.value.status == 409
