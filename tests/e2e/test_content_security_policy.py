"""Every main page works under the Content-Security-Policy (scripts only from our own files): a real
headless Chromium walks them as each kind of user and reports no blocked script, style or image and
no script error; the API docs render from local files."""


from django.utils import timezone

from tests import factories
from workflows import services as flow


def walk(browser, base, paths, *, username=None):
    """Open each path; return (path, problem) for every CSP report, console error or script error."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    problems: list[tuple[str, str]] = []
    current = {"path": ""}
    page.on("console", lambda m: m.type == "error" and problems.append((current["path"], m.text)))
    page.on("pageerror", lambda e: problems.append((current["path"], str(e))))
    if username:
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", factories.PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    headers = {}
    for path in paths:
        current["path"] = path
        response = page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        headers[path] = response.headers.get("content-security-policy", "")
    context.close()
    return problems, headers


def test_the_main_pages_run_under_the_policy(live_server, browser, dept, staff):
    admin = factories.user("root", "admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    item = factories.item(dept)
    case = flow.case_file_and_start(item_code=item.code, channel="online", applicant=factories.PERSON,
                                    actor=staff["applicant"], now=timezone.now())
    base = live_server.url
    runs = [
        (None, ["/", f"/guides/{item.code}/", "/track/", f"/track/?number={case.number}&query_code={case.query_code}",
                "/public/", "/public/results/", "/accounts/login/", "/api/docs/"]),
        ("applicant", [f"/cases/{case.number}/", f"/cases/{case.number}/materials/", "/my/cases/"]),
        ("clerk", ["/staff/tasks/", "/desk/", f"/cases/{case.number}/", "/certificates/"]),
        ("supervisor", ["/supervision/", "/notifications/", "/certificates/?status=valid"]),
        ("root", ["/admin/", "/admin/catalog/serviceitem/", f"/admin/catalog/serviceitem/{item.pk}/change/",
                  "/admin/workcalendar/calendarversion/import/", "/admin/certificates/certificatepattern/add/"]),
    ]
    for username, paths in runs:
        problems, headers = walk(browser, base, paths, username=username)
        assert problems == [], (username, problems)
        for path, policy in headers.items():
            scripts = policy.split("script-src", 1)[1].split(";", 1)[0]
            assert scripts.strip() == "'self'", (path, policy)


def test_the_api_docs_render_from_local_files(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: not r.url.startswith(live_server.url) and outside.append(r.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("#swagger-ui .info", timeout=15000)
    assert "Tongban API" in page.content()
    assert outside == []  # no CDN: intranets have none
    context.close()
