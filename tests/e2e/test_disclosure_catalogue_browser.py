"""Issue 16 end to end, in a real headless Chromium (Debian's package; Playwright never downloads a
browser here): a unit publishes a policy with its interpretation; an inspection run finds a stale
column and a broken link; the unit rectifies; the re-check closes the problems; the unit's quarterly
score and the circular reflect it.

Set up through the services (not the point of the test): the columns, the stale column's old
publication (with a planted broken internal link), the correction of that link and the new
publication in the stale column. Driven through the pages: drafting, interpreting, review and
sign-off on /directory/, the public pages, the runs and the reply on /inspection/, the scores on
/disclosure-scores/. Time is pinned with time-machine (tick=True from a fixed moment)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests import factories

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 16, 10, 0, tzinfo=SH)  # a Monday in 2026Q4
OLD = datetime(2026, 10, 9, 10, 0, tzinfo=SH)  # the stale column's last publication
CLEAN = datetime(2026, 11, 13, 10, 0, tzinfo=SH)  # the clean unit's latest publication
BROKEN = "/public/catalogue/documents/doc-99999/"
POLICY = "关于既有住宅加装电梯的补助办法"
INTERP = "《关于既有住宅加装电梯的补助办法》政策解读"


def new_page(browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    context = browser.new_context(locale="zh-CN")
    return context, context.new_page()


def sign_in(page, base, username):
    from playwright.sync_api import expect

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("main").get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def decide(page, legend):
    page.get_by_role("group", name=legend).get_by_role("button", name="确定").click()


@pytest.fixture
def county(settings):
    from backend.directory.models import Column

    office = factories.department("gkb", "县政务公开办公室")
    settings.DIRECTORY_OFFICE_DEPARTMENT_CODE = "gkb"
    office_head = factories.user("gkbhead", "approver", departments=[office])
    office.head = office_head
    office.save(update_fields=["head"])
    factories.user("gkbstaff", "clerk", departments=[office])
    housing = factories.department("zjj", "县住房和城乡建设局")
    head = factories.user("zjjhead", "approver", departments=[housing])
    housing.head = head
    housing.save(update_fields=["head"])
    drafter = factories.user("zjjclerk", "clerk", departments=[housing])
    reviewer = factories.user("zjjreviewer", "reviewer", departments=[housing])
    policy = Column.objects.get(code="zcwj")
    policy.department, policy.owner, policy.update_every_days = housing, drafter, 20
    policy.requires_interpretation = True
    policy.save()
    stale = Column.objects.get(code="xzxk")
    stale.department, stale.owner, stale.update_every_days = housing, drafter, 5
    stale.save()
    # A clean unit to compare with: one column, kept current.
    water = factories.department("slj", "县水利局")
    water_head = factories.user("sljhead", "approver", departments=[water])
    water.head = water_head
    water.save(update_fields=["head"])
    water_people = {"drafter": factories.user("sljclerk", "clerk", departments=[water]),
                    "reviewer": factories.user("sljreviewer", "reviewer", departments=[water]), "head": water_head}
    clean = Column.objects.get(code="czzj")
    clean.department, clean.owner, clean.update_every_days = water, water_people["drafter"], 20
    clean.save()
    return {"drafter": drafter, "reviewer": reviewer, "head": head, "housing": housing,
            "policy": policy, "stale": stale, "water": water_people}


def publish_old(people, when, **data):
    from backend.directory import services
    from tests.inspection.conftest import DOC, publish_at

    with time_machine.travel(when, tick=False):
        doc = services.document_draft(data={**DOC, **data}, actor=people["drafter"], now=when)
    return publish_at(people, doc, when)


def relay_now():
    from django.utils import timezone

    from backend.disclosure.outbox import relay_due

    return relay_due(now=timezone.now())


def test_policy_inspection_rectification_and_scores(live_server, browser, county):
    from playwright.sync_api import expect

    base = live_server.url
    old = publish_old(county, OLD, column="xzxk", title="行政许可事项目录（2026年第三季度）", doc_number="",
                      body=f"详见<a href=\"{BROKEN}\">办事指南</a>。",
                      needs_interpretation=False)
    publish_old(county["water"], CLEAN, column="czzj", title="2026年水利工程建设资金安排", doc_number="",
                issuing_organ="县水利局", body="水利工程建设资金安排表。", needs_interpretation=False)

    with time_machine.travel(NOW, tick=True):
        # 1. The drafter writes the policy and its interpretation on /directory/.
        context, page = new_page(browser)
        sign_in(page, base, "zjjclerk")
        page.goto(f"{base}/directory/")
        page.get_by_role("link", name="新建文件").click()
        page.get_by_label("栏目").select_option("zcwj")
        page.get_by_label("标题").fill(POLICY)
        page.get_by_label("文号（可选）").fill("临建〔2026〕30号")
        page.get_by_label("发文机关").fill("县住房和城乡建设局")
        page.get_by_label("成文日期").fill("2026-11-13")
        page.get_by_label("正文").fill("第一条 为改善居住条件，对既有住宅加装电梯给予补助。")
        page.get_by_role("button", name="保存草稿").click()
        expect(page.get_by_role("heading", name=POLICY, level=1)).to_be_visible()
        policy_url = page.url
        form = page.get_by_role("group", name="添加政策解读")
        form.get_by_label("标题").fill(INTERP)
        form.get_by_label("解读日期").fill("2026-11-16")
        form.get_by_label("解读内容").fill("一、出台背景：老旧小区居民上下楼不便。二、补助标准：每台最高20万元。")
        form.get_by_role("button", name="保存解读草稿").click()
        page.goto(policy_url)
        expect(page.get_by_role("main")).to_contain_text(INTERP)
        page.get_by_role("button", name="提交审核").click()
        expect(page.get_by_role("main")).to_contain_text("状态待审核")
        context.close()

        # 2. The reviewer approves, the head signs off: both are published together.
        context, page = new_page(browser)
        sign_in(page, base, "zjjreviewer")
        page.goto(policy_url)
        decide(page, "审核")
        expect(page.get_by_role("main")).to_contain_text("状态待审签")
        context.close()
        context, page = new_page(browser)
        sign_in(page, base, "zjjhead")
        page.goto(policy_url)
        decide(page, "审签")
        expect(page.get_by_role("main")).to_contain_text("已公开")
        context.close()
        relay_now()

        # 3. Anyone reads both on the public catalogue, linked both ways.
        context, page = new_page(browser)
        page.goto(f"{base}/public/catalogue/zcwj/")
        page.get_by_role("link", name=POLICY).click()
        expect(page.get_by_role("heading", name=POLICY, level=1)).to_be_visible()
        page.get_by_role("main").get_by_role("link", name=INTERP).click()
        expect(page.get_by_role("heading", name=INTERP, level=1)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("所解读的政策")
        page.get_by_role("main").get_by_role("link", name=POLICY).click()
        expect(page.get_by_role("heading", name=POLICY, level=1)).to_be_visible()
        context.close()

        # 4. The office runs an inspection: the stale column and the broken link are on the list.
        office, opage = new_page(browser)
        sign_in(opage, base, "gkbstaff")
        opage.goto(f"{base}/inspection/")
        opage.get_by_role("button", name="立即检查").click()
        problems = opage.get_by_role("region", name="问题清单")
        expect(problems).to_contain_text("共 2 个问题")
        expect(problems).to_contain_text("栏目“行政许可”未按频率更新：最近更新 2026-10-09")
        expect(problems).to_contain_text(f"文件“行政许可事项目录（2026年第三季度）”中的链接无法打开：{BROKEN}")
        expect(problems).not_to_contain_text(POLICY)  # published with its interpretation: no problem

        # 5. The unit replies on each problem page.
        context, page = new_page(browser)
        sign_in(page, base, "zjjclerk")
        page.goto(f"{base}/inspection/")
        links = page.get_by_role("region", name="问题清单").get_by_role("link")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        hrefs = [h for h in hrefs if h and h.rstrip("/").split("/")[-1].isdigit()]
        assert len(hrefs) == 2, page.get_by_role("region", name="问题清单").inner_text()
        for href in hrefs:
            page.goto(f"{base}{href}")
            page.get_by_label("整改情况").fill("已更新栏目并修正链接。")
            page.get_by_role("button", name="回告").click()
            expect(page.get_by_role("main")).to_contain_text("已更新栏目并修正链接。")

        # 6. The unit rectifies (services: a new publication in the stale column, the link corrected).
        from django.utils import timezone

        from backend.directory import services
        from tests.inspection.conftest import publish_at

        now = timezone.now()
        fresh = services.document_draft(data={"column": "xzxk", "title": "行政许可事项目录（2026年第四季度）",
                                              "issuing_organ": "县住房和城乡建设局", "written_on": "2026-11-16",
                                              "body": "本季度行政许可事项目录。", "validity": "valid",
                                              "needs_interpretation": False},
                                        actor=county["drafter"], now=now)
        publish_at(county, fresh, timezone.now())
        doc = services.document_correct(document=old, data={"body": "详见办事指南。"}, reason="更正链接",
                                        actor=county["drafter"], now=timezone.now())
        publish_at(county, doc, timezone.now())

        # 7. The re-check closes both.
        opage.goto(f"{base}/inspection/")
        opage.get_by_role("button", name="立即检查").click()
        opage.get_by_label("状态").select_option("closed")
        opage.get_by_role("button", name="筛选").click()
        problems = opage.get_by_role("region", name="问题清单")
        expect(problems).to_contain_text("共 2 个问题")
        expect(problems).to_contain_text("栏目“行政许可”未按频率更新")
        expect(problems).to_contain_text(BROKEN)
        expect(problems.get_by_role("row").filter(has_text="已销号")).to_have_count(2)
        opage.get_by_label("状态").select_option("active")
        opage.get_by_role("button", name="筛选").click()
        expect(opage.get_by_role("region", name="问题清单")).to_contain_text("共 0 个问题")

        # 8. The office computes 2026Q4: the unit's two problems cost it points against the clean unit,
        #    its columns count as current after the rectification, and the circular commends only the
        #    clean unit (80.0 is below the commendation line of 90, above the criticism line of 60).
        opage.goto(f"{base}/disclosure-scores/")
        opage.get_by_role("textbox", name="考评期").fill("2026Q4")
        opage.get_by_role("button", name="计算").click()
        main = opage.get_by_role("main")
        expect(main).to_contain_text("已计算 2026Q4 的政务公开量化考评")
        rows = main.get_by_role("table").first.get_by_role("row")
        housing = rows.filter(has_text="县住房和城乡建设局")
        water = rows.filter(has_text="县水利局")
        cells = housing.get_by_role("cell")
        expect(housing).to_have_count(1)
        expect(housing).to_contain_text("1.0 → 50.00")  # 每栏目自动检查问题数: 2 problems / 2 columns
        expect(housing).to_contain_text("1.0 → 100.00")  # 栏目按时更新率: both columns current now
        expect(cells.first).to_have_text("2")
        expect(cells.last).to_contain_text(re.compile(r"^80\.0"))
        wcells = water.get_by_role("cell")
        expect(water).to_contain_text("0.0 → 100.00")
        expect(wcells.first).to_have_text("1")
        expect(wcells.last).to_contain_text(re.compile(r"^100\.0"))
        main.get_by_role("link", name="通报").first.click()
        circular = opage.get_by_role("main")
        expect(circular).to_contain_text("2026年第4季度政务公开工作量化考评情况通报")
        expect(circular).to_contain_text("县水利局：得分 100.0，排名第 1。")
        expect(circular).not_to_contain_text("县住房和城乡建设局：得分")
        expect(circular).to_contain_text("本期没有需要批评的单位。")
        ranking = circular.get_by_role("row").filter(has_text="县住房和城乡建设局")
        expect(ranking).to_contain_text("80.0")
        expect(ranking.get_by_role("cell").first).to_have_text("2")
        office.close()
