"""Writes the demo data. Each loader is idempotent: rows are matched on natural keys (codes,
usernames, item + version, item + step + department) and only changed fields are saved; demo
cases are matched on item + applicant, so a second run adds nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from backend.accounts.models import Department, ServiceCentre, User
from backend.cases.models import Case
from backend.cases.receipts import default_entry
from backend.cases.services import requirements_of
from backend.catalog import services as catalog_services
from backend.catalog.models import (
    GuideVersion,
    LegalBasis,
    MaterialRequirement,
    ProcessStep,
    ProcessVersion,
    ServiceItem,
)
from backend.catalog.selectors import process_latest
from backend.catalog.services import draft_steps
from backend.catalog.step_types import PUBLICITY
from backend.catalog.versions import same_process
from backend.certificates.models import CertificatePattern
from backend.common.errors import DomainError
from backend.disclosure.outbox import relay_due
from backend.disclosure.services import disclosure_backfill
from backend.supervision import actions as clock_actions
from backend.supervision.services import clocks_sweep
from backend.workcalendar.calendar import SHANGHAI, CalendarNotCovered, refresh_if_stale
from workflows import services
from workflows.selectors import tasks_open_for_case

from . import cases as demo_cases
from . import catalog as demo_catalog
from . import organisation as org
from . import receipts
from .directory import load_directory
from .foi import load_foi
from .foi_report import load_foi_report
from .inspection import load_inspection
from .letters import load_letters
from .workbench import load_workbench

# Demo processes are published this long before the moment the demo is laid out around, so that
# every demo case (the oldest filed some weeks earlier) was filed after its version.
PROCESS_PUBLISHED_BEFORE = timedelta(days=180)


class DemoDataError(Exception):
    """The demo data is inconsistent or could not be replayed; nothing of the failing part is kept."""


@dataclass
class Tally:
    """Per model: how many rows were created, updated or left as they were."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, label: str, outcome: str) -> None:
        self.counts.setdefault(label, Counter())[outcome] += 1

    def lines(self) -> list[str]:
        out = []
        for label, c in self.counts.items():
            detail = "，".join(f"{k} {v}" for k, v in sorted(c.items()))
            out.append(f"{label}: {sum(c.values())}（{detail}）")
        return out


def _sync(model: type[models.Model], tally: Tally, lookup: dict, values: dict, on_create: dict | None = None):
    """Create the row, or save only the fields that differ from `values`. `on_create`: fields set
    when the row is created and left alone afterwards (dates laid out around the first load)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values, **(on_create or {}))
        tally.add(model._meta.verbose_name, "created")
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
        tally.add(model._meta.verbose_name, "updated")
    else:
        tally.add(model._meta.verbose_name, "unchanged")
    return obj


# -- organisation -------------------------------------------------------------------------------
def load_organisation(tally: Tally) -> None:
    centres = {c.code: _sync(ServiceCentre, tally, {"code": c.code},
                             {"name": c.name, "level": c.level, "address": c.address, "phone": c.phone})
               for c in org.CENTRES}
    depts = [_sync(Department, tally, {"code": d.code}, {"name": d.name}) for d in org.DEPARTMENTS]
    by_code = {d.code: d for d in depts}
    for spec in org.USERS:
        centre = centres[spec.centre] if spec.centre else None
        user = _sync(User, tally, {"username": spec.username}, {
            "first_name": spec.first_name, "last_name": spec.last_name, "mobile": spec.mobile,
            "email": f"{spec.username}@demo.tongban.invalid", "is_active": True,
            "is_staff": spec.is_staff, "is_superuser": spec.is_superuser,
            "service_centre_id": centre.pk if centre else None,
        })
        if not user.has_usable_password() or not user.check_password(org.PASSWORD):
            user.set_password(org.PASSWORD)
            user.save(update_fields=["password"])
            tally.add("演示密码", "set")
        groups = [Group.objects.get_or_create(name=role)[0] for role in spec.roles]
        if set(user.groups.values_list("pk", flat=True)) != {g.pk for g in groups}:
            user.groups.set(groups)
        wanted = depts if spec.departments == org.ALL else [by_code[c] for c in spec.departments]
        if set(user.departments.values_list("pk", flat=True)) != {d.pk for d in wanted}:
            user.departments.set(wanted)


# -- catalog ------------------------------------------------------------------------------------
def load_catalog(tally: Tally, *, now: datetime) -> None:
    today = timezone.localtime(now, SHANGHAI).date()
    problems = demo_catalog.catalog_problems()
    if problems:
        raise DemoDataError("演示事项目录配置有误：\n" + "\n".join(problems))
    depts = {d.code: d for d in Department.objects.filter(code__in=org.DEPT_BY_CODE)}
    for spec in demo_catalog.ITEMS:
        item = _sync(ServiceItem, tally, {"code": spec.code}, {
            "name": spec.name, "kind": spec.kind, "department_id": depts[spec.dept].pk, "is_active": True})
        loaded = dict(GuideVersion.objects.filter(item=item).values_list("version", "effective_from"))
        for g in (demo_catalog.dated(g, today, loaded.get(g.version)) for g in spec.guides):
            guide = _sync(GuideVersion, tally, {"item": item, "version": g.version}, {
                "statutory_limit_days": g.statutory,
                "promised_limit_days": g.promised, "conditions": g.conditions,
                "process_description": demo_catalog.process_description(spec, g), "fees": g.fees,
                "place": demo_catalog.place(spec.dept), "hours": demo_catalog.HOURS,
                "enquiry_phone": spec.enquiry_phone, "complaint_phone": demo_catalog.COMPLAINT_PHONE,
            }, on_create={"effective_from": g.effective_from})
            _sync_legal_bases(guide, g, tally)
            for position, m in enumerate(g.materials, start=1):
                _sync(MaterialRequirement, tally, {"guide": guide, "position": position}, {
                    "name": m.name, "form": m.form, "copies": m.copies, "required": m.required, "note": m.note})
            guide.materials.filter(position__gt=len(g.materials)).delete()
        keep = []
        for position, s in enumerate(spec.steps):
            step = _sync(ProcessStep, tally, {"item": item, "position": position}, {
                "step": s.step, "department": depts[s.dept], "role": s.role or ProcessStep.DEFAULT_ROLES[s.step],
                "budget_days": s.budget, "day_kind": s.day_kind})
            keep.append(step.pk)
        item.steps.exclude(pk__in=keep).delete()
        if spec.certificate is not None:
            title, pattern = spec.certificate
            _sync(CertificatePattern, tally, {"item": item}, {"title": title, "pattern": pattern})
        _publish_process(item, tally, now=now)


def _publish_process(item: ServiceItem, tally: Tally, *, now: datetime) -> None:
    """Publish the item's steps when they differ from its latest version; dated before the demo's
    oldest case, which was filed under it."""
    latest = process_latest(item=item)
    if latest is not None and same_process(latest.steps, draft_steps(item)):
        tally.add(ProcessVersion._meta.verbose_name, "unchanged")
        return
    admin = User.objects.filter(username="admin").first()
    catalog_services.process_publish(item=item, actor=admin, now=now - PROCESS_PUBLISHED_BEFORE, note="演示流程")
    tally.add(ProcessVersion._meta.verbose_name, "created")


def _sync_legal_bases(guide: GuideVersion, spec: demo_catalog.Guide, tally: Tally) -> None:
    wanted = [(law.law, law.article, law.text) for law in spec.laws]
    current = list(guide.legal_bases.order_by("id").values_list("law", "article", "text"))
    if current == wanted:
        tally.add(LegalBasis._meta.verbose_name, "unchanged")
        return
    guide.legal_bases.all().delete()
    LegalBasis.objects.bulk_create(LegalBasis(guide=guide, law=a, article=b, text=c) for a, b, c in wanted)
    tally.add(LegalBasis._meta.verbose_name, "created" if not current else "updated")


# -- cases ----------------------------------------------------------------------------------------
class DemoClock:
    """Working days of the county calendar (Monday–Friday where the calendar has no data)."""

    def __init__(self, now: datetime):
        self.now = now
        self.today = timezone.localtime(now, SHANGHAI).date()
        self._calendar = refresh_if_stale()

    def is_working_day(self, d: date) -> bool:
        try:
            return self._calendar.is_working_day(d)
        except CalendarNotCovered:
            return d.weekday() < 5

    def before(self, d: date, n: int) -> date:
        """The n-th working day strictly before `d`."""
        while n > 0:
            d -= timedelta(days=1)
            n -= self.is_working_day(d)
        return d

    def after(self, d: date, n: int) -> date:
        """The n-th working day strictly after `d` (`d` itself when n == 0)."""
        while n > 0:
            d += timedelta(days=1)
            n -= self.is_working_day(d)
        return d

    def count(self, start: date, end: date) -> int:
        """How many working days d there are with start < d <= end."""
        n, d = 0, start
        while d < end:
            d += timedelta(days=1)
            n += self.is_working_day(d)
        return n

    @staticmethod
    def at(d: date, hhmm: str) -> datetime:
        hours, minutes = map(int, hhmm.split(":"))
        return datetime.combine(d, time(hours, minutes), tzinfo=SHANGHAI)


def _existing(scenario: demo_cases.Scenario) -> Case | None:
    item_key, name, identifier = scenario.key
    code = demo_catalog.ITEM_BY_KEY[item_key].code
    qs = Case.objects.filter(item__code=code, applicant_name=name)
    if scenario.applicant["type"] == "person":
        return qs.filter(id_number=identifier).first()
    return qs.filter(credit_code=identifier).first()


def load_cases(tally: Tally, *, now: datetime) -> list[Case]:
    problems = demo_cases.scenario_problems()
    if problems:
        raise DemoDataError("演示办件配置有误：\n" + "\n".join(problems))
    clock = DemoClock(now)
    users = {u.username: u for u in User.objects.filter(username__in=[u.username for u in org.USERS])}
    created: list[Case] = []
    for scenario in demo_cases.SCENARIOS:
        if _existing(scenario):
            tally.add(Case._meta.verbose_name, "unchanged")
            continue
        item = demo_catalog.ITEM_BY_KEY[scenario.item]
        if scenario.filed_ago:
            filed_on = clock.before(clock.today, scenario.filed_ago)
        else:
            second = GuideVersion.objects.get(item__code=item.code, version=item.guides[1].version)
            filed_on = clock.before(second.effective_from, scenario.before_v2)
        last_on = clock.after(filed_on, max((a.day for a in scenario.acts), default=0))
        if last_on >= clock.today:  # only with --now before the guide's second version
            tally.add(Case._meta.verbose_name, "skipped")
            continue
        with transaction.atomic():
            created.append(_replay(scenario, item, filed_on, clock, users))
        tally.add(Case._meta.verbose_name, "created")
    return created


def _replay(scenario, item, filed_on: date, clock: DemoClock, users: dict) -> Case:
    where = f"{item.name} · {scenario.applicant['name']}"
    try:
        case = services.case_file_and_start(
            item_code=item.code, channel=scenario.channel, applicant=scenario.applicant,
            actor=users[scenario.by], now=clock.at(filed_on, scenario.filed_at))
        shift = 0  # working days a notice period ended before its act's latest day; later acts move up too
        for act in scenario.acts:
            day = act.day - shift
            if act.step == PUBLICITY:
                over = _notice_over_day(case, filed_on, clock, latest=day, where=where)
                shift, day = shift + day - over, over
            moment = clock.at(clock.after(filed_on, day), act.at)
            actor = users[act.by]
            if act.step == "resubmit":
                services.case_resubmit_and_continue(case=case, actor=actor, now=moment, opinion=act.opinion)
                continue
            if act.step == "suspend":
                clock_actions.case_clock_suspend(case=case, procedure=act.decision, detail=act.opinion,
                                                 expected_days=10, actor=actor, now=moment)  # within the limits
                continue
            if act.step == "extend":
                clock_actions.case_clock_extend(case=case, days=int(act.decision), reason=act.opinion,
                                                actor=actor, now=moment)
                continue
            tasks = tasks_open_for_case(case=case).filter(data__step=act.step)
            if act.dept:
                tasks = tasks.filter(data__department_id=Department.objects.get(code=act.dept).pk)
            task = tasks.first()
            if task is None:
                raise DemoDataError(f"{where}: 没有待办的“{act.step}”任务")
            services.task_claim(task_id=task.pk, actor=actor, now=moment - timedelta(minutes=5))
            services.task_complete(task_id=task.pk, actor=actor, decision=act.decision, opinion=act.opinion,
                                   missing_materials=list(act.missing), now=moment,
                                   step_input=_step_input(act, case, moment, clock, filed_on, shift),
                                   received_materials=_received_at_window(case) if act.step == "accept" else None)
    except DomainError as exc:
        raise DemoDataError(f"{where}: {exc}") from exc
    case.refresh_from_db()
    status, _, detail = scenario.expect.partition(":")
    ok = case.status == status
    if ok and status == Case.Status.COMPLETED:
        ok = case.decision == detail
    elif ok and detail:
        ok = tasks_open_for_case(case=case).filter(data__step=detail).exists()
    if not ok:
        raise DemoDataError(f"{where}: 预期 {scenario.expect}，实际 {case.status} {case.decision}")
    return case


def _received_at_window(case: Case) -> list[dict]:
    """The clerk ticks every material of the guide as handed in on paper, in the form it asks for."""
    return [default_entry(r, uploaded=False) for r in requirements_of(case)]
def _notice_over_day(case: Case, filed_on: date, clock: DemoClock, *, latest: int, where: str) -> int:
    """The day (working days after filing) a 公示 act is done: the first working day after the notice
    period, which the step fixed when it started (7 calendar days end on a different working day
    depending on the holidays in between); `latest` is the scenario's bound."""
    task = tasks_open_for_case(case=case).filter(data__step=PUBLICITY).first()
    if task is None:
        raise DemoDataError(f"{where}: 没有待办的“{PUBLICITY}”任务")
    over = clock.after(date.fromisoformat(task.data["period_ends_on"]), 1)
    day = clock.count(filed_on, over)
    if day > latest:
        raise DemoDataError(f"{where}: 公示期 {task.data['period_ends_on']} 届满，晚于演示安排的办理日")
    return day


def _step_input(act: demo_cases.Act, case: Case, moment: datetime, clock: DemoClock, filed_on: date,
                shift: int = 0) -> dict | None:
    """What a 制证 or 送达 act records: the certificate's scope and validity from the act's day; the
    delivery with its signed receipt (window, post) drawn as a PDF (`shift`: see _replay)."""
    if act.certify is not None:
        start = moment.date()
        end = years_later(start, act.certify.years) - timedelta(days=1) if act.certify.years else None
        return {"scope": act.certify.scope, "valid_from": start, "valid_until": end}
    if act.deliver is not None:
        d = act.deliver
        signed = clock.after(filed_on, d.day - shift)
        proof = receipts.signed_receipt(case=case, method=d.method, recipient=d.recipient, signed_on=signed) \
            if d.method in ("window", "post") else None
        return {"delivery_method": d.method, "delivered_on": signed, "recipient": d.recipient,
                "tracking_number": d.tracking_number, "confirmation": d.confirmation, "proof": proof}
    return None


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- all of it ----------------------------------------------------------------------------------
def load_all(*, now: datetime) -> tuple[Tally, list[Case]]:
    tally = Tally()
    with transaction.atomic():
        load_organisation(tally)
        load_catalog(tally, now=now)
    created = load_cases(tally, now=now)
    # Bring every clock to today's state (yellow and red cards) instead of waiting for the beat.
    clocks_sweep(now=now)
    load_workbench(tally, now=now, clock=DemoClock(now))
    load_letters(tally, now=now, clock=DemoClock(now))
    load_foi(tally, now=now, clock=DemoClock(now))
    load_directory(tally, now=now, clock=DemoClock(now))
    # Guides and results already in the database before disclosure existed are published too.
    disclosure_backfill(now=now)
    # Published now, as the served demo's beat would within a minute, so a second load finds nothing
    # to do. Catalog signals schedule guides at the wall clock, which may be later than `now`.
    relay_due(now=max(now, timezone.now()))
    # Counted last: the annual report's tables read the requests and the published results above.
    load_foi_report(tally, now=now)
    relay_due(now=max(now, timezone.now()))  # the reports published in January
    # Last: the inspection reads everything public, and the unit scores read its problems.
    load_inspection(tally, now=now, clock=DemoClock(now))
    return tally, created
