"""The public catalogue: the tree with counts, a column's list with filters and search, JSON."""

from __future__ import annotations

import pytest

from backend.directory.models import Column

from .conftest import at, draft, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(people, column):
    a = publish(people, draft(people))
    b = publish(people, draft(people, {"title": "县城供水价格调整方案", "doc_number": "临建〔2026〕20号",
                                       "topic": "价格", "validity": "repealed", "body": "供水价格按阶梯计算。"}),
                when=at(2026, 11, 5, 10))
    c = draft(people, {"title": "尚未公开的草稿"})
    return a, b, c


def test_the_tree_lists_the_seeded_columns_with_counts_and_last_update(client, three):
    page = client.get("/public/catalogue/")
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("机构职能", "政策文件", "政策解读", "规划计划", "财政资金", "行政许可", "行政处罚", "重点领域",
                 "建议提案办理", "年度报告"):
        assert name in html
    row = html.split('data-column="zcwj"')[1].split("</tr>")[0]
    assert '<td class="count">2</td>' in row and "2026-11-05" in row
    other = html.split('data-column="jgzn"')[1].split("</tr>")[0]
    assert '<td class="count">0</td>' in other
    assert 'aria-current="page"' in html  # the nav marks the catalogue


def test_a_child_column_shows_under_its_parent(client, three, people):
    Column.objects.create(code="zcwj-gfxwj", name="规范性文件", parent=Column.objects.get(code="zcwj"), position=1)
    html = client.get("/public/catalogue/").content.decode()
    assert html.index('data-column="zcwj"') < html.index('data-column="zcwj-gfxwj"') < html.index('data-column="zcjd"')


def test_the_column_lists_only_published_documents_and_filters_them(client, three):
    a, b, c = three
    html = client.get("/public/catalogue/zcwj/").content.decode()
    assert a.title in html and b.title in html and c.title not in html
    html = client.get("/public/catalogue/zcwj/?validity=repealed").content.decode()
    assert b.title in html and a.title not in html
    html = client.get("/public/catalogue/zcwj/?topic=城乡建设").content.decode()
    assert a.title in html and b.title not in html


@pytest.mark.parametrize("q, found", [("阶梯", "b"), ("临建〔2026〕12号", "a"), ("加装电梯", "a")])
def test_search_reads_title_doc_number_and_body(client, three, q, found):
    a, b, _ = three
    html = client.get("/public/catalogue/zcwj/", {"q": q}).content.decode()
    wanted, other = (a, b) if found == "a" else (b, a)
    assert wanted.title in html and other.title not in html


def test_search_never_finds_a_masked_name(client, three):
    html = client.get("/public/catalogue/zcwj/", {"q": "张三丰"}).content.decode()
    assert "共 0 件" in html


def test_json_carries_the_tree_and_the_documents(client, three):
    data = client.get("/public/catalogue/data.json").json()
    counts = {c["code"]: c["count"] for c in data["columns"]}
    assert counts["zcwj"] == 2 and counts["jgzn"] == 0
    assert [d["title"] for d in data["documents"]] == ["县城供水价格调整方案", "关于老旧小区加装电梯补贴的实施办法"]
    assert all("张三丰" not in d["body"] for d in data["documents"])
    filtered = client.get("/public/catalogue/data.json?validity=valid").json()["documents"]
    assert [d["doc_number"] for d in filtered] == ["临建〔2026〕12号"]


def test_unknown_column_and_document_are_404(client, db):
    assert client.get("/public/catalogue/nope/").status_code == 404
    assert client.get("/public/catalogue/documents/doc-999/").status_code == 404


def test_the_feed_has_an_entry_per_document(client, three):
    feed = client.get("/public/catalogue/feed.atom")
    assert feed.status_code == 200
    assert feed.content.decode().count("<entry>") == 2
