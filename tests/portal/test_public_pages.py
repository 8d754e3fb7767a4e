"""The public portal: finding items, reading a guide, tracking a case without signing in."""

from datetime import date

from backend.catalog.models import GuideVersion, LegalBasis
from tests import factories

from .helpers import act, file_online


def test_home_lists_items_with_department_and_kind(browser, dept, item):
    page = browser().get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert item.name in html and dept.name in html and "承诺件" in html
    assert f'href="/guides/{item.code}/"' in html


def test_home_searches_by_name_and_department(browser, dept, item):
    other_dept = factories.department("water", "水利局")
    other = factories.item(other_dept)
    html = browser().get("/", {"q": item.name}).content.decode()
    assert item.name in html and other.name not in html
    html = browser().get("/", {"department": "water"}).content.decode()
    assert other.name in html and item.name not in html
    assert "没有找到符合条件的事项" in browser().get("/", {"q": "不存在的事项"}).content.decode()


def test_guide_shows_every_element_and_apply_button(browser, dept, item):
    guide = item.guides.get()
    guide.hours = "工作日 9:00-17:00"
    guide.enquiry_phone = "0571-1234567"
    guide.complaint_phone = "12345"
    guide.save()
    LegalBasis.objects.filter(guide=guide).update(text="被许可人要求变更行政许可事项的……")
    html = browser().get(f"/guides/{item.code}/").content.decode()
    for text in ("《中华人民共和国行政许可法》第三十条", "被许可人要求变更", "符合条件", "申请书", "原件",
                 "营业执照", "复印件", "必需", "受理", "审查", "决定", "20 个工作日", "10 个工作日",
                 "不收费", "县政务服务中心", "工作日 9:00-17:00", "0571-1234567", "12345", dept.name):
        assert text in html, text
    assert f'href="/guides/{item.code}/apply/"' in html


def test_guide_shows_the_version_in_force(browser, dept, item):
    GuideVersion.objects.create(item=item, version=2, effective_from=date(2999, 1, 1), statutory_limit_days=5,
                                promised_limit_days=3, conditions="将来的条件")
    html = browser().get(f"/guides/{item.code}/").content.decode()
    assert "符合条件" in html and "将来的条件" not in html


def test_unknown_guide_is_404(browser, db):
    assert browser().get("/guides/NOPE/").status_code == 404


def test_tracking_with_wrong_code_says_not_found(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    page = browser().get("/track/", {"number": case.number, "query_code": "WRONG123"})
    assert page.status_code == 404
    html = page.content.decode()
    assert "办件编号或查询码不正确" in html and "办理过程" not in html


def test_tracking_with_right_code_shows_status_and_timeline_without_staff_names(browser, staff, item):
    case = file_online(browser(staff["applicant"]), item)
    clerk = browser(staff["clerk"])
    act(clerk, staff["clerk"], case.number, "supplement", missing_materials="营业执照复印件\n场所平面图",
        opinion="请补齐")
    page = browser().get(f"/track/?number={case.number}&query_code={case.query_code.lower()}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "待补正" in html and "营业执照复印件" in html and "场所平面图" in html
    assert "一次性告知补正" in html and "申请" in html
    assert "clerk" not in html and "签收" not in html  # no staff names, no internal claim events


def test_tracking_form_asks_for_both_fields(browser, db):
    page = browser().get("/track/")
    assert page.status_code == 200 and 'name="query_code"' in page.content.decode()
    assert browser().get("/track/", {"number": "TB1"}).status_code == 400


def test_anonymous_user_has_no_staff_links(browser, db):
    html = browser().get("/").content.decode()
    assert "/staff/tasks/" not in html and "/desk/" not in html and "/accounts/login/" in html
    assert 'lang="zh-Hans"' in html and 'href="#main"' in html


def test_navigation_follows_roles(browser, staff):
    clerk = browser(staff["clerk"]).get("/").content.decode()
    assert 'href="/desk/"' in clerk and 'href="/staff/tasks/"' in clerk and 'href="/my/cases/"' not in clerk
    reviewer = browser(staff["reviewer"]).get("/").content.decode()
    assert 'href="/desk/"' not in reviewer and 'href="/staff/tasks/"' in reviewer
    applicant = browser(staff["applicant"]).get("/").content.decode()
    assert 'href="/my/cases/"' in applicant and 'href="/staff/tasks/"' not in applicant
    assert 'action="/accounts/logout/"' in applicant
    assert "/admin/" not in applicant


def test_login_page_signs_in(browser, staff):
    page = browser().get("/my/cases/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/?next=")
    client = browser()
    form = client.get("/accounts/login/?next=/my/cases/").content.decode()
    assert 'for="f-username"' in form and 'for="f-password"' in form
    response = client.post("/accounts/login/", {"username": "applicant", "password": factories.PASSWORD,
                                               "next": "/my/cases/"})
    assert response.status_code == 302 and response["Location"] == "/my/cases/"
    bad = browser().post("/accounts/login/", {"username": "applicant", "password": "nope"})
    assert "用户名或密码不正确" in bad.content.decode()
