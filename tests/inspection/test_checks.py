"""Each check on its own: what it finds, for which unit, with what evidence."""

from __future__ import annotations

import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.cases.models import Case
from backend.catalog.models import ServiceItem
from backend.directory import services as directory
from backend.disclosure.models import Publication
from backend.inspection import checks, services
from backend.inspection.models import Problem
from backend.supervision.models import Clock
from tests import factories
from tests.samples import PDF

from .conftest import DOC, at, draft_at, pinned, publish_at

NOW = at(2026, 11, 20)


def run(codes, when=NOW):
    with pinned(when):
        return services.inspection_run(now=when, checks=codes)


# -- external links -----------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def _answer(self):
        _Handler.hits.append(self.path)
        code = 200 if self.path.startswith("/ok") else 404 if self.path.startswith("/gone") else 500
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}"


def test_external_links_that_answer_4xx_5xx_or_not_at_all_are_broken(people, column, housing, local_site,
                                                                      closed_port, settings):
    settings.INSPECTION_LINK_TIMEOUT = 2
    settings.INSPECTION_LINK_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the local server stands in for the internet
    body = f"参见 {local_site}/ok 、{local_site}/gone 、{local_site}/fail 和 {closed_port}/x 。"
    publish_at(people, draft_at(people, at(2026, 11, 2, 9), body=body), at(2026, 11, 4, 16))
    found = {f.evidence["url"]: f for f in checks.broken_external_links(now=NOW)}
    assert set(found) == {f"{local_site}/gone", f"{local_site}/fail", f"{closed_port}/x"}
    assert found[f"{local_site}/gone"].evidence["what"] == "HTTP 404"
    assert found[f"{local_site}/fail"].evidence["what"] == "HTTP 500"
    assert all(f.department_id == housing.pk for f in found.values())


def test_a_link_to_an_internal_address_is_reported_and_never_fetched(people, column, local_site, settings):
    """A link in a published text must not make the server probe its own network (SSRF)."""
    _Handler.hits.clear()
    publish_at(people, draft_at(people, at(2026, 11, 2, 9), body=f"内网地址 {local_site}/ok 。"), at(2026, 11, 4, 16))
    [finding] = checks.broken_external_links(now=NOW)
    assert finding.evidence["url"] == f"{local_site}/ok" and "内部或保留地址" in finding.evidence["what"]
    assert _Handler.hits == []


def test_an_external_link_on_this_sites_host_is_checked_in_process(people, column, settings):
    settings.INSPECTION_SITE_HOSTS = ["gov.example.cn"]
    body = "见 https://gov.example.cn/public/catalogue/ 与 https://gov.example.cn/public/nowhere/"
    publish_at(people, draft_at(people, at(2026, 11, 2, 9), body=body), at(2026, 11, 4, 16))
    assert checks.broken_external_links(now=NOW) == []
    internal = checks.broken_internal_links(now=NOW)
    assert [f.evidence["url"] for f in internal] == ["https://gov.example.cn/public/nowhere/"]
    assert internal[0].evidence["what"] == "no such page"


# -- the columns ----------------------------------------------------------------------------------------
def test_an_active_dynamic_column_with_a_unit_and_nothing_public_is_empty(people, column, water_column, water):
    publish_at(people, draft_at(people, at(2026, 11, 2, 9)), at(2026, 11, 4, 16))
    Publication.objects.create(kind=Publication.Kind.DOCUMENT, subject="doc-901", idempotency_key="k-901",
                               title="无栏目", item_code="", item_name="", department_code="", department_name="",
                               published_at=NOW, updated_at=NOW, payload={"body": "x"})  # no column code
    found = checks.empty_columns(now=NOW)
    assert [(f.subject, f.department_id) for f in found] == [("column:czzj", water.pk)]


def test_a_column_updated_in_time_is_not_stale(people, column):
    publish_at(people, draft_at(people, at(2026, 11, 2, 9)), at(2026, 11, 4, 16))
    assert checks.stale_columns(now=at(2026, 11, 11, 23)) == []  # due on the 11th itself
    assert [f.subject for f in checks.stale_columns(now=at(2026, 11, 12, 0, 1))] == ["column:zcwj"]


# -- attachments ----------------------------------------------------------------------------------------
def test_an_attachment_missing_in_storage_or_altered_does_not_open(people, column, housing):
    with pinned(at(2026, 11, 2, 9)):
        doc = directory.document_draft(
            data=DOC, actor=people["drafter"], now=at(2026, 11, 2, 9),
            files=[SimpleUploadedFile("办法.pdf", PDF, content_type="application/pdf"),
                   SimpleUploadedFile("附表.pdf", PDF, content_type="application/pdf")])
    publish_at(people, doc, at(2026, 11, 4, 16))
    assert checks.broken_attachments(now=NOW) == []
    first, second = doc.attachments.order_by("id")
    first.file.storage.delete(first.file.name)
    with second.file.storage.open(second.file.name, "wb") as fh:
        fh.write(PDF + b"%tampered")
    found = {f.evidence["file"]: f.evidence["what"] for f in checks.broken_attachments(now=NOW)}
    assert found == {"办法.pdf": "missing", "附表.pdf": "sha256 mismatch"}


# -- letters and information requests -------------------------------------------------------------------
def _case_with_clock(dept, category: str, state: str, number: str) -> Case:
    item = factories.item(dept)
    ServiceItem.objects.filter(pk=item.pk).update(category=category)
    case = Case.objects.create(number=number, query_code="123456", item=item, guide=item.guides.first(),
                               channel="online", applicant_type="person", applicant_name="王小红",
                               mobile="13812341234", filed_at=at(2026, 11, 2))
    Clock.objects.create(case=case, kind="promised", budget_days=5, start_date=date(2026, 11, 2), state=state,
                         projected_deadline=date(2026, 11, 9), department=dept, created_at=at(2026, 11, 2))
    return case


def test_a_letter_past_its_limit_is_found_and_an_application_or_a_green_letter_is_not(housing):
    _case_with_clock(housing, "letter", "red", "XF2026110001")
    _case_with_clock(housing, "information_request", "yellow", "YS2026110001")
    _case_with_clock(housing, "application", "red", "SQ2026110001")
    r = run(["overdue_case"])
    problem = Problem.objects.get()
    assert problem.subject == "case:XF2026110001:promised" and problem.department == housing
    assert "来信 XF2026110001" in problem.description and r.counts["opened"] == 1


# -- personal data --------------------------------------------------------------------------------------
def test_an_unmasked_name_in_a_publication_is_found_for_its_unit(housing, people):
    Publication.objects.create(kind=Publication.Kind.DOCUMENT, subject="doc-900", idempotency_key="k-900",
                               title="关于某事的通知", item_code="", item_name="", department_code="zjj",
                               department_name=housing.name, published_at=at(2026, 11, 4), updated_at=at(2026, 11, 4),
                               payload={"body": "联系人：张三丰，请来电咨询。",
                                        "path": "/public/catalogue/documents/doc-900/"})
    run(["unmasked_personal_data"])
    problem = Problem.objects.get()
    assert problem.check_code == "unmasked_personal_data" and problem.department == housing
    assert problem.evidence["what"] == "name" and "张三丰" not in problem.description


def test_a_published_catalogue_document_is_masked_and_scans_clean(people, column):
    publish_at(people, draft_at(people, at(2026, 11, 2, 9)), at(2026, 11, 4, 16))  # DOC names 张三丰 and numbers
    assert checks.unmasked_personal_data(now=NOW) == []


# -- accessibility --------------------------------------------------------------------------------------
def test_the_page_parser_names_what_fails():
    good = ('<html lang="zh-CN"><h1>t</h1><img src=a alt=""><label for=q>搜索</label><input id=q>'
            '<label>名称 <input name=n></label><input type=hidden name=c><input aria-label="x"></html>')
    assert checks.accessibility_problems(good) == []
    bad = '<html><h1>a</h1><h1>b</h1><img src=a><input id=q><select name=s></select></html>'
    assert checks.accessibility_problems(bad) == [
        "html lang missing", "2 h1 elements", "1 img without alt", "2 form field(s) without a label"]


@pytest.mark.urls("tests.inspection.urls_a11y")
def test_a_public_page_with_a_field_without_a_label_is_a_finding(db, settings):
    settings.INSPECTION_EXTRA_PAGES = ["/public/test-form/"]
    r = run(["inaccessible_page"])
    problem = Problem.objects.get()
    assert problem.subject == "page:/public/test-form/" and problem.department is None
    assert problem.evidence["what"] == ["1 form field(s) without a label"]
    assert r.counts["findings"] == 1  # the real sample pages pass


def test_a_public_policy_whose_interpretation_was_withdrawn_is_found_until_a_new_one_is_public(people, column):
    from backend.directory import services as directory

    column.requires_interpretation = True
    column.save(update_fields=["requires_interpretation"])
    policy = draft_at(people, at(2026, 11, 2, 9))
    when = at(2026, 11, 2, 9, 30)
    with pinned(when):
        interpretation = directory.interpretation_draft(policy=policy, actor=people["drafter"], now=when, data={
            "title": "政策解读", "interpretation_form": "text", "interpreted_on": "2026-11-02", "body": "一、背景。"})
    publish_at(people, policy, at(2026, 11, 4, 16))
    assert checks.policies_without_interpretation(now=NOW) == []
    with pinned(at(2026, 11, 10)):
        directory.document_withdraw(document=interpretation, reason="解读口径有误", actor=people["drafter"],
                                    now=at(2026, 11, 10))
    [found] = checks.policies_without_interpretation(now=NOW)
    assert found.subject == f"document:{policy.pk}" and found.evidence["url"].endswith(f"/{policy.key}/")
