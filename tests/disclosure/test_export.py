"""`tongban disclosure export DIR`: the public site as static files, incremental and re-runnable."""

import json
from datetime import timedelta

import feedparser
from django.core.management import call_command

from backend.disclosure import export, services
from backend.disclosure.models import Publication
from tests.disclosure.conftest import NOW, SOON, person


def test_the_export_holds_pages_feeds_json_and_styles(decide, relay, item, tmp_path):
    case = decide(person("张小明"))
    relay()
    call_command("disclosure", "export", str(tmp_path))
    for relative in ("public/index.html", "public/guides/index.html", f"public/guides/{item.code}/index.html",
                     f"public/guides/{item.code}/print/index.html", f"public/guides/{item.code}/kiosk/index.html",
                     "public/results/index.html", f"public/results/{case.number}/index.html",
                     "public/feeds/guides.atom", "public/feeds/results.atom", "public/api/results/index.json",
                     "static/tongban.css", "static/disclosure/disclosure.css"):
        assert (tmp_path / relative).is_file(), relative
    assert not feedparser.parse((tmp_path / "public/feeds/results.atom").read_bytes()).bozo
    data = json.loads((tmp_path / "public/api/results/index.json").read_text())
    assert data["results"][0]["applicant"] == "张*明"
    assert "csrfmiddlewaretoken" not in (tmp_path / "public/results/index.html").read_text()


def test_a_second_run_rewrites_nothing(decide, relay, tmp_path):
    decide()
    relay()
    export.export_site(tmp_path)
    assert export.export_site(tmp_path).written == []


def test_a_new_result_rewrites_only_what_changed(decide, relay, item, tmp_path):
    decide(person("张小明"))
    relay()
    export.export_site(tmp_path)
    case = decide(person("李小红"), at=NOW + timedelta(days=2))
    relay(at=SOON + timedelta(days=2))
    written = export.export_site(tmp_path).written
    assert f"public/results/{case.number}/index.html" in written
    assert f"public/guides/{item.code}/index.html" not in written


def test_a_withdrawn_result_is_removed_from_the_export(decide, relay, tmp_path, staff):
    case = decide()
    relay()
    export.export_site(tmp_path)
    page = tmp_path / f"public/results/{case.number}/index.html"
    assert page.is_file()
    services.publication_withdraw(publication=Publication.objects.get(subject=case.number), reason="信息有误",
                                  actor=staff["approver"], now=SOON)
    result = export.export_site(tmp_path)
    assert f"public/results/{case.number}/index.html" in result.removed
    assert not page.exists() and not page.parent.exists()
    assert case.number not in (tmp_path / "public/results/index.html").read_text()


def test_long_lists_are_split_into_static_pages(decide, relay, tmp_path, settings, monkeypatch):
    from backend.disclosure import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name in ("张三丰", "李四光", "王五一"):
        decide(person(name))
    relay()
    export.export_site(tmp_path)
    first = (tmp_path / "public/results/index.html").read_text()
    assert 'href="/public/results/page/2/"' in first
    assert (tmp_path / "public/results/page/2/index.html").is_file()
