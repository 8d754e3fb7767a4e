"""Public pages come from the page cache (backend/common/pagecache.py): what the outbox publishes or
withdraws shows on the next GET, an unchanged page answers 304, languages and signed-in pages never
cross."""

from __future__ import annotations

from django.test import Client

from backend.disclosure import outbox, services
from backend.disclosure.models import Publication

from .conftest import NOW, SOON, person


def test_a_published_result_shows_on_the_next_get(client, decide, relay, django_capture_on_commit_callbacks):
    first = decide(person("张小明"))
    relay()
    page = client.get("/public/results/")
    assert first.number in page.content.decode() and page["X-Page-Cache"] == "miss"
    again = client.get("/public/results/")
    assert again["X-Page-Cache"] == "hit" and again.content == page.content
    with django_capture_on_commit_callbacks(execute=True):
        second = decide(person("李华"))
        relay()
    html = client.get("/public/results/").content.decode()
    assert first.number in html and second.number in html


def test_a_published_document_shows_on_the_next_get(client, relay, db):
    payload = {"subject": "doc-7", "title": "关于延长窗口服务时间的通知", "dated_on": "2026-11-26",
               "department": {"code": "zwfw", "name": "县政务服务中心"}, "search_text": "窗口",
               "path": "/public/catalogue/documents/doc-7/", "body": "周六上午照常受理。"}
    assert "关于延长窗口服务时间的通知" not in client.get("/public/kiosk/").content.decode()
    assert client.get("/public/kiosk/")["X-Page-Cache"] == "hit"
    outbox.document_schedule(kind=Publication.Kind.DOCUMENT, key="directory-doc:7:v1", payload=payload, now=NOW)
    relay()
    assert "关于延长窗口服务时间的通知" in client.get("/public/kiosk/").content.decode()


def test_a_withdrawn_result_is_gone_on_the_next_get(client, decide, relay, staff):
    case = decide(person("张小明"))
    relay()
    assert client.get(f"/public/results/{case.number}/").status_code == 200
    assert client.get(f"/public/results/{case.number}/")["X-Page-Cache"] == "hit"
    publication = Publication.objects.get(kind=Publication.Kind.RESULT, subject=case.number)
    services.publication_withdraw(publication=publication, reason="申请人依法申请撤回公开", actor=staff["approver"],
                                  now=SOON)
    assert client.get(f"/public/results/{case.number}/").status_code == 410
    assert case.number not in client.get("/public/results/").content.decode()


def test_an_unchanged_page_answers_304_and_a_changed_one_200(client, decide, relay):
    decide(person("张小明"))
    relay()
    page = client.get("/public/results/")
    etag, modified = page["ETag"], page["Last-Modified"]
    assert "no-cache" in page["Cache-Control"]
    unchanged = client.get("/public/results/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get("/public/results/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/public/results/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    newer = decide(person("李华"))
    relay()
    changed = client.get("/public/results/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and newer.number in changed.content.decode() and changed["ETag"] != etag


def test_english_and_chinese_copies_never_cross(decide, relay, settings):
    decide(person("张小明"))
    relay()
    for _ in range(2):  # the second round is served from the cache
        chinese = Client().get("/public/results/")
        english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/public/results/")
        by_cookie = Client()
        by_cookie.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english_by_cookie = by_cookie.get("/public/results/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert 'lang="zh-Hans"' in chinese.content.decode() and "跳到主要内容" in chinese.content.decode()
        for page in (english, english_by_cookie):
            html = page.content.decode()
            assert 'lang="en"' in html and "Skip to main content" in html and "跳到主要内容" not in html
    assert chinese["X-Page-Cache"] == english["X-Page-Cache"] == english_by_cookie["X-Page-Cache"] == "hit"
    assert chinese["ETag"] != english["ETag"] and "Accept-Language" in chinese["Vary"]


def test_signed_in_users_get_their_own_page_and_never_leave_it_in_the_cache(decide, relay, staff):
    decide(person("张小明"))
    relay()
    anonymous = Client()
    assert anonymous.get("/public/results/")["X-Page-Cache"] == "miss"
    signed_in = Client()
    signed_in.force_login(staff["reviewer"])
    mine = signed_in.get("/public/results/")
    assert "X-Page-Cache" not in mine and 'action="/accounts/logout/"' in mine.content.decode()
    assert 'name="csrfmiddlewaretoken"' in mine.content.decode()
    public = anonymous.get("/public/results/")
    assert public["X-Page-Cache"] == "hit" and 'action="/accounts/logout/"' not in public.content.decode()


def test_a_cached_page_carries_no_csrf_token_and_its_language_switch_still_works(db):
    reader = Client(enforce_csrf_checks=True)
    for _ in range(2):
        html = reader.get("/public/").content.decode()
        assert 'action="/i18n/setlang/"' in html and "csrfmiddlewaretoken" not in html
    switched = reader.post("/i18n/setlang/", {"language": "en", "next": "/public/"}, HTTP_ORIGIN="http://testserver",
                           HTTP_SEC_FETCH_SITE="same-origin")
    assert switched.status_code == 302 and switched["Location"] == "/public/"
    assert 'lang="en"' in reader.get("/public/").content.decode()


def test_the_language_switch_refuses_a_post_from_another_site(db):
    forged = Client().post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ORIGIN="https://evil.example",
                           HTTP_SEC_FETCH_SITE="cross-site")
    assert forged.status_code == 403 and "django_language" not in forged.cookies
    assert Client().post("/i18n/setlang/", {"language": "en"}, HTTP_ORIGIN="https://evil.example").status_code == 403


def test_searches_are_never_cached(client, db):
    client.get("/public/guides/?q=营业执照")
    assert "X-Page-Cache" not in client.get("/public/guides/?q=营业执照")
    assert client.get("/public/guides/?page=1")["X-Page-Cache"] == "miss"
