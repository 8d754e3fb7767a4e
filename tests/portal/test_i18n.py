"""Simplified Chinese by default; English from the browser's language, the cookie or the switcher."""

from django.conf import settings

from tests.factories import PERSON

from .helpers import file_online, inbox_task


def test_chinese_by_default(browser, item):
    html = browser().get(f"/guides/{item.code}/").content.decode()
    assert 'lang="zh-Hans"' in html and "设定依据" in html and "在线申请" in html


def test_english_with_accept_language(browser, item):
    html = browser().get(f"/guides/{item.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html
    for text in ("Legal basis", "Application materials", "Apply online", "20 working days", "Skip to main content",
                 "Original", "Promised item"):
        assert text in html, text
    assert "设定依据" not in html


def test_english_with_language_cookie(browser, staff, item):
    client = browser(staff["applicant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(f"/guides/{item.code}/apply/", {**PERSON, "id_number": "110105194912310021"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The check digit of the resident ID number is wrong" in html and "Apply online" in html


def test_language_switcher_sets_english(browser, db):
    client = browser()
    form = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in form and 'name="language"' in form and 'for="lang-select"' in form
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/track/"})
    assert response.status_code == 302 and response["Location"] == "/track/"
    html = client.get("/track/").content.decode()
    assert "Track a case" in html and "Query code" in html


def test_task_decisions_in_english(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    clerk = browser(staff["clerk"], HTTP_ACCEPT_LANGUAGE="en")
    task_id = inbox_task(clerk, staff["clerk"], case.number)
    clerk.post(f"/staff/tasks/{task_id}/claim/")
    html = clerk.get(f"/staff/tasks/{task_id}/").content.decode()
    assert "Request a supplement (one-time notice)" in html and ">Accept<" in html and "Acceptance" in html
