"""Fixtures for the disclosure tests: cases carried to a decision through the case services, and
the relay run by hand (the worker-driven path is tested in test_worker_relay.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from backend.cases import services as case_services
from backend.disclosure import outbox
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Thursday inside the seeded calendar; tests move forward from here.
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)
# After NOW's cases and after the wall-clock stamps of catalog events made during the run (fixed at
# collection, so the margin must outlast the whole suite: an hour).
SOON = max(NOW + timedelta(days=3), timezone.now() + timedelta(hours=1))


def person(name: str, id_number: str = "11010519491231002X", mobile: str = "13812341234") -> dict:
    return {"type": "person", "name": name, "id_number": id_number, "mobile": mobile}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run this folder's committed-transaction tests after everyone else's. Each one ends with a flush,
    and the next serialized_rollback test reloads the seeded calendar, which supervision logs as a
    re-projection; tests that count log entries from an empty log (supervision's concurrent-append
    test) must not come after them. pytest-django already orders such tests after the others;
    this only moves ours to the very end of that group."""

    def committed(item) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction")) and "tests/disclosure/" in item.nodeid

    items[:] = [i for i in items if not committed(i)] + [i for i in items if committed(i)]


@pytest.fixture(autouse=True)
def _no_broker(settings):
    """Tests drive the relay directly; only test_worker_relay.py lets a real worker do it."""
    settings.DISCLOSURE_ENQUEUE = False
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    """The test receivers listen on http://127.0.0.1, which production refuses; test_webhook_outbound.py
    undoes this to see the refusals."""
    settings.DISCLOSURE_WEBHOOK_ALLOW_HTTP = True
    settings.DISCLOSURE_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def item(dept):
    return factories.item(dept)


@pytest.fixture
def decide(staff, item):
    """File, accept, decide and complete a case; returns the completed case."""

    def run(applicant: dict | None = None, *, approve: bool = True, at: datetime = NOW, on_item=None):
        target = on_item or item
        case = case_services.case_file(item_code=target.code, channel="online", applicant=applicant or person("张小明"),
                                       actor=staff["applicant"], now=at, category=target.category)
        case_services.case_accept(case=case, actor=staff["clerk"], now=at + timedelta(hours=1))
        case_services.case_decide(case=case, approve=approve, actor=staff["approver"], now=at + timedelta(days=1),
                                  opinion="同意" if approve else "不符合条件，依法可申请行政复议或提起行政诉讼。")
        return case_services.case_complete(case=case, actor=staff["clerk"], now=at + timedelta(days=1, hours=1))

    return run


@pytest.fixture
def relay():
    def run(at: datetime | None = None):
        # Catalog receivers stamp events with the wall clock, cases with NOW: relay after both.
        return outbox.relay_due(now=at or max(NOW + timedelta(days=2), timezone.now()) + timedelta(minutes=1))

    return run


class Receiver:
    """A real HTTP endpoint on 127.0.0.1 that records each request and answers with the next status
    (and `headers`, e.g. a Location); HTTPS with the server-side `tls` context."""

    def __init__(self, tls=None):
        import http.server
        import threading

        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.headers: dict[str, str] = {}
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"method": self.command, "headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_PUT = do_POST  # a client that followed a redirect would come back with any of these

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def id_number(birth: str, seq: str, region: str = "331023") -> str:
    from backend.common.validators import id_number_check_char

    first17 = f"{region}{birth}{seq}"
    return first17 + id_number_check_char(first17)


# Applicants like the demo county's: 2-, 3- and 4-character names, compound surnames, companies.
DEMO_PEOPLE = [
    person("王建国", id_number("19780315", "031"), "13805210101"),
    person("张伟", id_number("19900612", "011"), "13852101234"),
    person("欧阳晓东", id_number("19850923", "057"), "13952102345"),
    person("司马慧敏", id_number("19920218", "024"), "15052103456"),
    person("上官婉清", id_number("19960705", "046"), "18652104567"),
    person("诸葛明远", id_number("19700111", "073"), "13752105678"),
    person("欧阳明", id_number("19881008", "062"), "15852107890"),
    person("李娜", id_number("19831130", "095"), "13652106789"),
]


@pytest.fixture
def demo_site(decide, relay, staff):
    """A published site with every kind of demo applicant, one denial and one company."""
    from tests.factories import COMPANY

    cases = [decide(p, approve=i != 3) for i, p in enumerate(DEMO_PEOPLE)]
    cases.append(decide(COMPANY))
    relay()
    return cases
