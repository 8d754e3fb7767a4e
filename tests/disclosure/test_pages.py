"""The public pages: accessible, Chinese by default, English on request, and the hall screen."""

from tests.disclosure.conftest import person


def test_pages_default_to_simplified_chinese_with_landmarks(client, item, relay):
    relay()
    html = client.get(f"/public/guides/{item.code}/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert '<main id="main"' in html and "<nav" in html and 'aria-labelledby="g-materials"' in html


def test_english_is_served_through_django_i18n(client, item, relay):
    relay()
    html = client.get("/public/guides/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "Service guides" in html


def test_search_fields_have_labels(client, db):
    html = client.get("/public/results/").content.decode()
    for field in ("department", "item", "month"):
        assert f'<label for="{field}">' in html


def test_the_hall_screen_refreshes_itself_with_latest_results_and_todays_figures(client, decide, relay):
    case = decide(person("周杰"))
    relay()
    html = client.get("/public/screen/").content.decode()
    assert 'data-refresh="30"' in html and 'http-equiv="refresh"' in html
    assert case.number in html and "周*" in html and "今日受理" in html
