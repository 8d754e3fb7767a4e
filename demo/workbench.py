"""The supervision workbench's demo: ratings of completed cases (two low ones open rectifications),
supervision orders on overdue cases in several states, and the statistics those feed. Laid out in
working days before the moment the demo is loaded, like the cases; loading again changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Department, User
from backend.cases.models import Case
from backend.catalog.models import ServiceItem
from backend.ratings import services as rating_services
from backend.ratings.models import Rating
from backend.scorecards.models import Scorecard
from backend.scorecards.services import scorecard_compute
from backend.statistics.rollups import rollups_refresh
from backend.supervision import orders_services
from backend.supervision.models import Clock, Order
from backend.supervision.orders_sweep import orders_sweep
from backend.workcalendar.calendar import SHANGHAI

from .organisation import COUNTY

# Scores given to the completed cases in case-number order (GB/T 39735: 1 非常不满意 … 5 非常满意).
SCORES = [(5, "窗口一次讲清，材料当场受理，非常满意。"), (4, ""), (5, ""), (2, "现场核查约了两次才来，等得太久。"),
          (5, "网上办理很方便。"), (3, ""), (4, "证照邮寄很快。"), (5, ""), (1, "窗口告知的材料和网上指南不一致。"),
          (4, ""), (5, ""), (4, "")]

ORDERS = [
    # (issued working days ago, reply limit, problem, requirement, replied working days ago or None)
    (4, 2, "该件承诺时限已过仍未作出决定，超期未说明原因。", "立即办结，书面说明超期原因及责任人处理意见。", None),
    (2, 3, "审查环节超过环节时限，申请人来电反映进度不明。", "三个工作日内办结审查并告知申请人办理进度。", 1),
]


def load_workbench(tally, *, now: datetime, clock) -> None:
    _office(tally)
    _ratings(tally, now=now, clock=clock)
    _orders(tally, now=now, clock=clock)
    orders_sweep(now=now)  # bring the reply clocks to today's state (cards, escalations)
    rollups_refresh(now=now)
    _scorecard(tally, now=now, clock=clock)


def _office(tally) -> None:
    """The supervision office (settings.SUPERVISION_OFFICE_DEPARTMENT_CODE), headed by `supervisor`:
    overdue order replies escalate to them, and they sign the monthly circular off."""
    head = User.objects.get(username="supervisor")
    office, created = Department.objects.get_or_create(
        code=settings.SUPERVISION_OFFICE_DEPARTMENT_CODE,
        defaults={"name": f"{COUNTY}政务服务监督管理办公室", "head": head})
    if not created and office.head_id != head.pk:
        office.head = head
        office.save(update_fields=["head"])
    tally.add(Department._meta.verbose_name, "created" if created else "unchanged")


def _scorecard(tally, *, now: datetime, clock) -> None:
    """Last month's scorecard with its circular still a draft, for the head to sign off."""
    last_month = clock.today.replace(day=1) - timedelta(days=1)
    if Scorecard.objects.filter(month=last_month.replace(day=1)).exists():
        tally.add(Scorecard._meta.verbose_name, "unchanged")
        return
    scorecard_compute(month=last_month, now=now, actor=User.objects.get(username="supervisor"))
    tally.add(Scorecard._meta.verbose_name, "created")


def _ratings(tally, *, now: datetime, clock) -> None:
    # Permit cases only: letters and requests are scored by their writers on their own pages.
    completed = (Case.objects.filter(status=Case.Status.COMPLETED, completed_at__isnull=False,
                                     item__category=ServiceItem.Category.APPLICATION)
                 .select_related("item").order_by("number"))
    for case, (score, comment) in zip(completed, SCORES, strict=False):
        if Rating.objects.filter(case=case).exists():
            tally.add(Rating._meta.verbose_name, "unchanged")
            continue
        done_on = timezone.localtime(case.completed_at, SHANGHAI).date()
        moment = clock.at(clock.after(done_on, 1), "10:15")
        if moment >= now:  # completed today or yesterday: rated later, by the applicant
            continue
        channel = Rating.Channel.WINDOW if case.channel == Case.Channel.WINDOW else Rating.Channel.PORTAL
        rating_services.rating_submit(case=case, score=score, comment=comment, channel=channel, now=moment)
        tally.add(Rating._meta.verbose_name, "created")


def _orders(tally, *, now: datetime, clock) -> None:
    officer = User.objects.get(username="supervisor")
    reviewer = User.objects.get(username="reviewer")
    overdue = list(Case.objects.filter(status=Case.Status.IN_PROGRESS, item__category=ServiceItem.Category.APPLICATION,
                                       clocks__kind=Clock.Kind.PROMISED,
                                       clocks__state=Clock.State.RED).order_by("number").distinct())
    for case, (ago, days, problem, requirement, replied_ago) in zip(overdue, ORDERS, strict=False):
        if Order.objects.filter(case=case, kind=Order.Kind.ORDER).exists():
            tally.add(Order._meta.verbose_name, "unchanged")
            continue
        with transaction.atomic():
            order = orders_services.order_issue(actor=officer, case=case.number, problem=problem,
                                                requirement=requirement, days=days,
                                                now=clock.at(clock.before(clock.today, ago), "09:30"))
            if replied_ago is not None:
                orders_services.order_reply(order_id=order.pk, actor=reviewer,
                                            text="已督促承办人加快审查，预计两个工作日内办结，并已电话告知申请人。",
                                            now=clock.at(clock.before(clock.today, replied_ago), "16:00"))
        tally.add(Order._meta.verbose_name, "created")
