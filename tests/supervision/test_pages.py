"""The clock on the case and task pages, the clock actions posted from them and the supervision
board (the calendar banner: test_calendar_banner.py)."""

from zoneinfo import ZoneInfo

from django.test import Client

from backend.supervision import services

from .conftest import at, open_task

SHANGHAI = ZoneInfo("Asia/Shanghai")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_case_page_shows_the_clock_and_its_explanation(accepted_case, staff):
    page = signed_in(staff["reviewer"]).get(f"/cases/{accepted_case.number}/").content.decode()
    assert "办理时限" in page and "受理时承诺办结日期" in page and "2026-10-16" in page
    assert "10个工作日，自2026-09-28起算" in page
    assert f'action="/supervision/cases/{accepted_case.number}/clock/suspend/"' in page
    assert "批准延期" not in page  # a reviewer cannot extend


def test_approver_is_offered_the_extension(accepted_case, staff):
    page = signed_in(staff["approver"]).get(f"/cases/{accepted_case.number}/").content.decode()
    assert "批准延期" in page


def test_supervisor_sees_the_clock_without_actions(accepted_case, staff):
    page = signed_in(staff["supervisor"]).get(f"/cases/{accepted_case.number}/").content.decode()
    assert "办理时限" in page and "clock/suspend" not in page


def test_suspending_from_the_task_page_returns_to_it(accepted_case, staff):
    task = open_task(accepted_case, "review")
    client = signed_in(staff["reviewer"])
    task_url = f"/staff/tasks/{task.pk}/"
    assert "暂停计时（特别程序）" in client.get(task_url).content.decode()
    response = client.post(f"/supervision/cases/{accepted_case.number}/clock/suspend/",
                           {"procedure": "inspection", "detail": "", "legal_basis": "", "expected_days": "3",
                            "next": task_url},
                           follow=True)
    assert response.redirect_chain[-1][0] == task_url
    page = response.content.decode()
    assert "已暂停计时" in page and "现场核查" in page and "恢复计时" in page


def test_a_refused_clock_action_shows_the_reason_and_keeps_the_page(accepted_case, staff):
    response = signed_in(staff["reviewer"]).post(
        f"/supervision/cases/{accepted_case.number}/clock/suspend/", {"procedure": "other", "next": "//evil.example/"},
        follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{accepted_case.number}/"  # no open redirect
    assert "必须说明具体事由" in response.content.decode()


def test_board_lists_clocks_in_warning_for_supervisors(accepted_case, staff):
    services.clocks_sweep(now=at(2026, 10, 19, 1))  # the promised deadline 2026-10-16 has passed
    page = signed_in(staff["supervisor"]).get("/supervision/?state=red").content.decode()
    assert accepted_case.number in page and "超时" in page and "最新预警卡" in page


def test_board_is_closed_to_staff_and_applicants(staff):
    for who in ("clerk", "reviewer", "applicant"):
        assert signed_in(staff[who]).get("/supervision/").status_code == 403, who


def test_applicant_reads_the_suspension_notice_in_the_app(accepted_case, staff):
    accepted_case.applicant_user = staff["applicant"]
    accepted_case.save(update_fields=["applicant_user"])
    services.clock_suspend(case=accepted_case, reason="专家评审", legal_basis="第四十五条", actor=staff["reviewer"],
                           now=at(2026, 10, 12))
    client = signed_in(staff["applicant"])
    home = client.get("/").content.decode()
    assert 'class="nav-notifications"' in home and '<span class="badge">1' in home
    page = client.get("/notifications/").content.decode()
    assert f"办件 {accepted_case.number} 已暂停计时" in page and "理由：专家评审" in page
    note = staff["applicant"].notifications.get()
    response = client.post(f"/notifications/{note.pk}/read/", {"next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert '<span class="badge">' not in client.get("/").content.decode()


def test_someone_elses_notification_cannot_be_marked(accepted_case, staff):
    accepted_case.applicant_user = staff["applicant"]
    accepted_case.save(update_fields=["applicant_user"])
    services.clock_suspend(case=accepted_case, reason="检测", legal_basis="第四十五条", actor=staff["reviewer"],
                           now=at(2026, 10, 12))
    note = staff["applicant"].notifications.get()
    assert signed_in(staff["clerk"]).post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_clock_panel_and_board_in_english(accepted_case, staff):
    reviewer = signed_in(staff["reviewer"])
    reviewer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = reviewer.get(f"/cases/{accepted_case.number}/").content.decode()
    assert "Time limits" in page and "How it is counted" in page and "Suspend the clock (special procedure)" in page
    supervisor = signed_in(staff["supervisor"])
    supervisor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Latest warning cards" in supervisor.get("/supervision/").content.decode()
