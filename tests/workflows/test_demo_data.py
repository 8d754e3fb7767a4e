"""`manage.py demo_data` loads a demo county that the DESIGN §4 users can work with, and loading
it again changes nothing."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from backend.accounts.models import Department, ServiceCentre, User
from backend.cases.models import Case, CaseEvent
from backend.catalog.models import GuideVersion, LegalBasis, MaterialRequirement, ProcessStep, ServiceItem
from backend.catalog.process_config import StepSpec, process_config_errors
from backend.common.validators import credit_code_error, id_number_error
from backend.disclosure.models import Publication
from backend.foi.models import InfoRequest
from backend.foi.models_report import AnnualReport
from backend.foi.report import reporting_year
from backend.letters.models import Letter
from backend.ratings.models import Rating
from backend.scorecards.models import Scorecard
from backend.supervision.models import Order, OrderReply
from backend.workcalendar.calendar import SHANGHAI
from demo import catalog as demo_catalog
from demo.ids import person
from tests import factories
from workflows import services
from workflows.selectors import task_list_visible_to

DESIGN_USERS = ["applicant", "applicant2", "clerk", "reviewer", "approver", "supervisor", "admin"]
COUNTED = [User, Department, ServiceCentre, ServiceItem, GuideVersion, LegalBasis, MaterialRequirement,
           ProcessStep, Case, CaseEvent, Process, Task, Rating, Order, OrderReply, Letter, InfoRequest,
           AnnualReport, Publication]


def load() -> str:
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "counts": {m.__name__: m.objects.count() for m in COUNTED},
        "cases": sorted(Case.objects.values_list("number", "status", "decision")),
        "guides": sorted(GuideVersion.objects.values_list(
            "item__code", "version", "promised_limit_days", "statutory_limit_days", "process_description")),
        "users": sorted(User.objects.values_list("username", "password", "first_name", "last_name")),
    }


@pytest.fixture
def demo(db):
    load()


def test_loading_twice_changes_nothing(db):
    load()
    first = snapshot()
    output = load()
    assert snapshot() == first
    assert "created" not in output and "updated" not in output


def test_an_invalid_process_fails_loudly_and_writes_nothing(db, monkeypatch):
    first = demo_catalog.ITEMS[0]
    too_slow = dataclasses.replace(first, steps=tuple(dataclasses.replace(s, budget=9) for s in first.steps))
    monkeypatch.setattr(demo_catalog, "ITEMS", [too_slow, *demo_catalog.ITEMS[1:]])
    with pytest.raises(CommandError, match="超过承诺时限"):
        load()
    assert not User.objects.exists() and not ServiceItem.objects.exists()


def test_catalog_has_real_items_across_departments(demo):
    items = ServiceItem.objects.filter(category=ServiceItem.Category.APPLICATION).select_related("department")
    assert items.count() >= 14
    assert items.values("department").distinct().count() >= 5
    kinds = {k: n for k, n in items.values_list("kind").annotate(n=Count("id"))}
    assert kinds.get("immediate", 0) >= 2 and kinds.get("joint", 0) >= 1 and kinds.get("promised", 0) >= 5
    for item in items:
        guides = list(item.guides.order_by("version"))
        assert guides[0].version == 1 and guides[0].effective_from < timezone.localdate()
        steps = [StepSpec(s.step, s.department_id, s.role, s.budget_days) for s in item.steps.all()]
        for guide in guides:
            limit = guide.promised_limit_days
            assert process_config_errors(kind=item.kind, steps=steps, promised_limit_days=limit) == []
            assert guide.legal_bases.exists() and all(b.law and b.text for b in guide.legal_bases.all())
            assert 3 <= guide.materials.count() <= 6
            assert guide.promised_limit_days <= guide.statutory_limit_days
            assert guide.place and guide.hours and guide.enquiry_phone and "12345" in guide.complaint_phone
    versioned = [i for i in items if i.guides.count() > 1]
    assert versioned, "at least one item shows a second guide version"
    v1, v2 = versioned[0].guides.order_by("version")[:2]
    assert v2.effective_from > v1.effective_from and v2.promised_limit_days != v1.promised_limit_days
    assert Case.objects.filter(guide=v1).exists(), "a case filed under the first version keeps it"


def test_every_design_user_signs_in_with_the_demo_password(demo, client):
    for username in DESIGN_USERS:  # through the login page, as people do (and as the brake sees it)
        response = client.post("/accounts/login/", {"username": username, "password": "tongban-demo"})
        assert response.status_code == 302, username
        client.logout()
    # Every department that owns permit items (the clerk also works in the county-head mailbox office).
    every = set(ServiceItem.objects.filter(category=ServiceItem.Category.APPLICATION)
                .values_list("department", flat=True))
    assert len(every) >= 5
    for username in ("clerk", "reviewer", "approver"):
        user = User.objects.get(username=username)
        assert user.has_role(username) and every <= set(user.department_ids)
    assert User.objects.get(username="clerk").service_centre.level == "county"
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.has_role("admin")
    assert User.objects.get(username="supervisor").is_supervisor
    assert ServiceCentre.objects.filter(level="township").count() >= 2


def test_cases_exist_in_every_state_with_valid_identifiers(demo):
    permits = Case.objects.filter(item__category=ServiceItem.Category.APPLICATION)
    states = set(permits.values_list("status", "decision"))
    assert {("submitted", ""), ("supplement_requested", ""), ("refused", ""), ("in_progress", ""),
            ("completed", "approved"), ("completed", "denied")} <= states
    assert permits.filter(status="submitted", channel="online").exists()
    assert permits.filter(status="submitted", channel="window").exists()
    denied = permits.get(decision="denied")
    assert "行政复议" in denied.status_reason and "行政诉讼" in denied.status_reason
    assert permits.get(status="refused").status_reason
    assert permits.get(status="supplement_requested").missing_materials
    open_steps = {(t.data or {}).get("step") for t in Task.objects.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED])}
    assert {"accept", "review", "inspection", "joint_review", "decide"} <= open_steps
    for case in permits:
        if case.applicant_type == "person":
            assert id_number_error(case.id_number) is None, case.id_number
        else:
            assert credit_code_error(case.credit_code) is None, case.credit_code
    assert {"person", "company"} == set(permits.values_list("applicant_type", flat=True))
    assert {len(n) for n in permits.filter(applicant_type="person").values_list("applicant_name", flat=True)} \
        >= {2, 3, 4}




def test_clerk_reviewer_and_approver_carry_a_new_case_of_every_item(demo):
    staff = [User.objects.get(username=name) for name in ("clerk", "reviewer", "approver")]
    clerk = staff[0]
    applicant = person("测试申请人", birth="19800101", seq="019", mobile="13800000000")
    for item in ServiceItem.objects.filter(category=ServiceItem.Category.APPLICATION):
        now = timezone.now()
        case = services.case_file_and_start(item_code=item.code, channel="window", applicant=applicant,
                                            actor=clerk, now=now)
        for _ in range(12):
            case.refresh_from_db()
            if case.status == Case.Status.COMPLETED:
                break
            acted = False
            for user in staff:
                for task in task_list_visible_to(user=user).filter(process_id=case.process_id):
                    step = task.data["step"]
                    decision = factories.favourable(step, immediate=item.kind == "immediate")
                    if step == "publicity":  # its holder records the outcome once the notice period is over
                        over = date.fromisoformat(task.data["period_ends_on"]) + timedelta(days=1)
                        now = datetime.combine(over, time(9), tzinfo=SHANGHAI)
                    services.task_claim(task_id=task.pk, actor=user, now=now)
                    received = [{"requirement": m.pk} for m in case.guide.materials.all()] if step == "accept" else None
                    services.task_complete(task_id=task.pk, actor=user, decision=decision, now=now,
                                           step_input=factories.step_input(step, now, recipient="测试申请人"),
                                           received_materials=received)
                    acted = True
            assert acted, f"nobody among clerk, reviewer, approver can move {item.name} ({case.status})"
        assert (case.status, case.decision) == ("completed", "approved"), item.name


def test_demo_clocks_show_every_supervision_state_at_once(demo):
    from backend.supervision.models import Card, Clock, ClockEntry

    promised = set(Clock.objects.filter(kind="promised").values_list("state", flat=True))
    assert {"green", "yellow", "red", "suspended", "completed"} <= promised
    assert Clock.objects.filter(kind="statutory", statutory_breach=True).exists()
    assert ClockEntry.objects.filter(kind="extension", approved_by__username="approver").exists()
    assert ClockEntry.objects.filter(kind="suspension", end_date__isnull=True, reason__startswith="专家评审").exists()
    assert Card.objects.filter(to_state="red").exists() and Card.objects.filter(to_state="yellow").exists()


def test_the_demo_workbench_has_ratings_rectifications_and_orders_in_several_states(demo):
    scores = set(Rating.objects.values_list("score", flat=True))
    assert {1, 2, 5} <= scores
    low = Rating.objects.filter(score__lte=2)
    rectifications = Order.objects.filter(kind="rectification", source="rating")
    assert sorted(rectifications.values_list("source_id", flat=True)) == sorted(low.values_list("pk", flat=True))
    orders = Order.objects.filter(kind="order", issued_by__username="supervisor")
    assert {"open", "replied"} <= set(orders.values_list("status", flat=True))
    assert orders.filter(state="red", escalation_level__gte=1).exists()  # past its limit: escalated
    office = Department.objects.get(code="supervision")
    assert office.head.username == "supervisor"  # escalations reach them; they sign the circular off
    scorecard = Scorecard.objects.get()
    assert scorecard.circular.status == "draft" and scorecard.input_rows


def test_the_demo_shows_sign_off_levels_a_send_back_and_a_hearing(demo):
    from backend.cases.models import CaseEvent
    from backend.supervision.models import ClockEntry

    back = CaseEvent.objects.get(kind="sent_back")
    case = back.case
    assert back.step == "authorize" and back.data["to_step"] == "check"
    assert (case.status, case.decision) == ("completed", "approved")
    levels = list(case.events.filter(kind__in=["agreed", "recommended_approval"]).values_list("step", flat=True))
    assert levels == ["handle", "check", "check", "authorize"]
    hearing = ClockEntry.objects.get(clock__case=case, clock__kind="promised", kind="suspension")
    assert hearing.legal_basis.endswith("第四十五条") and hearing.reason.startswith("听证")
    assert hearing.end_date > hearing.start_date


def test_the_demo_issues_certificates_and_delivers_every_way(demo):
    from backend.certificates.models import Certificate, DeliveryRecord
    from backend.disclosure.models import OutboxEvent

    food = Certificate.objects.get(item__code=demo_catalog.ITEM_BY_KEY["food-business"].code)
    assert food.number.startswith("临市监食经字〔") and food.title == "食品经营许可证" and food.valid_until
    assert Certificate.objects.filter(valid_until__isnull=True).exists()  # 长期有效
    assert set(DeliveryRecord.objects.values_list("method", flat=True)) == {"window", "post", "electronic"}
    denied = Case.objects.get(decision="denied")
    assert denied.delivery.method == "electronic" and not Certificate.objects.filter(case=denied).exists()
    for record in DeliveryRecord.objects.exclude(method="electronic"):
        with record.proof.open("rb") as scan:
            assert scan.read(5) == b"%PDF-"
    result = OutboxEvent.objects.get(kind="result", case=food.case)
    assert result.payload["certificate"]["number"] == food.number


def test_the_demo_shows_a_seven_day_notice_running_and_one_over(demo, client):
    from backend.catalog.models import ProcessVersion
    from backend.disclosure import outbox

    item = ServiceItem.objects.get(code=demo_catalog.ITEM_BY_KEY["land-use-planning"].code)
    steps = ProcessVersion.objects.filter(item=item).order_by("-version").first().steps
    assert [(s["step"], s["budget_days"], s["day_kind"]) for s in steps if s["step"] == "publicity"] == [
        ("publicity", 7, "calendar")]
    today = timezone.localdate()
    running = Case.objects.get(item=item, status="in_progress")
    task = Task.objects.get(process_id=running.process_id, status=STATUS.NEW, data__step="publicity")
    assert date.fromisoformat(task.data["period_starts_on"]) <= today <= date.fromisoformat(task.data["period_ends_on"])
    over = Case.objects.get(item=item, status="completed", decision="approved")
    started = over.events.get(kind="publicity_started")
    done = over.events.get(kind="step_done", step="publicity")
    assert started.data["period_days"] == 7 and started.data["day_kind"] == "calendar"
    assert timezone.localdate(done.created_at) > date.fromisoformat(started.data["period_ends_on"])
    assert over.delivery.method == "window" and over.certificate.title == "建设用地规划许可证"

    outbox.relay_due(now=timezone.now())
    assert [n["case_number"] for n in client.get("/public/api/notices/?running=1").json()["results"]] == [
        running.number]
    page = client.get("/public/notices/").content.decode()
    assert running.number in page and over.number in page and "公示中" in page and "公示期满" in page


def test_the_demo_shows_a_joint_item_across_three_departments(demo):
    item = ServiceItem.objects.get(code=demo_catalog.ITEM_BY_KEY["joint-acceptance"].code)
    steps = list(item.steps.order_by("position").values_list("step", "department__code"))
    joint = [i for i, (step, _) in enumerate(steps) if step == "joint_review"]
    assert item.kind == "joint" and joint == list(range(joint[0], joint[0] + 3))
    assert {steps[i][1] for i in joint} == {"zjj", "zrzyj", "rfb"}
    done = Case.objects.get(item=item, status="completed", decision="approved")
    reviewed = done.events.filter(kind="reviewed", step="joint_review").values_list("data__department_id", flat=True)
    assert len(set(reviewed)) == 3
    under_way = Case.objects.get(item=item, status="in_progress")
    open_joint = Task.objects.filter(process_id=under_way.process_id, status=STATUS.NEW, data__step="joint_review")
    assert open_joint.count() == 1 and under_way.events.filter(kind="reviewed", step="joint_review").count() == 2


def test_the_demo_shows_a_case_stopped_for_a_hearing_now(demo):
    from backend.supervision.models import Clock, ClockEntry

    case = Case.objects.get(item__code=demo_catalog.ITEM_BY_KEY["building-planning"].code, status="in_progress")
    assert Task.objects.filter(process_id=case.process_id, status=STATUS.NEW, data__step="hearing").exists()
    assert set(Clock.objects.filter(case=case, kind__in=["promised", "statutory"]).values_list("state", flat=True)) \
        == {"suspended"}
    hearing = ClockEntry.objects.get(clock__case=case, clock__kind="promised", kind="suspension")
    assert hearing.reason.startswith("听证") and hearing.end_date is None


def test_the_demo_delivers_by_post_with_a_tracking_number(demo):
    from backend.certificates.models import DeliveryRecord

    post = DeliveryRecord.objects.get(method="post")
    assert post.tracking_number and post.recipient and post.case.status == "completed"


def test_the_demo_holds_letters_requests_and_last_years_report(demo, client):
    """The mailbox and the disclosure office have work to show: letters and requests in several
    states, replies published, and last year's annual report (a draft in January, published after)."""
    assert Letter.objects.values("case__status").distinct().count() >= 3
    assert Publication.objects.filter(kind=Publication.Kind.LETTER).exists()
    assert InfoRequest.objects.values("case__status").distinct().count() >= 3
    today = timezone.localdate()
    report = AnnualReport.objects.get(organ=None, year=reporting_year(today))
    assert report.status == ("draft" if today <= date(today.year, 1, 31) else "published")
    for username, path in [("clerk", "/letters/"), ("approver", "/foi/"), ("admin", "/foi/reports/")]:
        client.force_login(User.objects.get(username=username))
        assert client.get(path).status_code == 200, path
    client.logout()
    for path in ["/public/letters/", "/public/foi/reports/"]:
        assert client.get(path).status_code == 200, path
