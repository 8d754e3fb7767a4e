"""The annual disclosure report's demo, laid out around the moment the demo is loaded. In the
report season (January, before the 31 January deadline) last year's reports for the county and for
the market regulator are drafts; after it they were signed off and published on 20–22 January, and
from November this year's drafts are under way, counted from the demo's requests and published
results so far. The disclosure office's figures and texts are filled in. Call it after the
information requests' demo and after results are published. Loading again changes nothing (staff
recount a draft from its page: 重新统计)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Department, User
from backend.foi import report, report_selectors, report_services
from backend.foi.models_report import AnnualReport
from backend.workcalendar.calendar import SHANGHAI

from .organisation import COUNTY

ORGAN = "scjgj"  # 市场监督管理局: its permits are the demo's published results

FIGURES = {
    None: {"proactive": {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
                         "normative": {"issued": 6, "repealed": 2, "in_force": 41},
                         "penalty": 318, "enforcement": 27, "fees": "86.4"},
           "review": {"reconsideration": {"upheld": 2, "corrected": 1, "other": 0, "pending": 1},
                      "direct_suit": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0},
                      "suit_after": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1}}},
    ORGAN: {"proactive": {"rules": {"issued": 0, "repealed": 0, "in_force": 0},
                          "normative": {"issued": 2, "repealed": 1, "in_force": 9},
                          "penalty": 146, "enforcement": 12, "fees": "0"},
            "review": {"reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0},
                       "direct_suit": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0},
                       "suit_after": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0}}},
}


def _texts(who: str, year: int) -> dict:
    return {
        "overview": (f"{year}年，{who}深入贯彻落实《中华人民共和国政府信息公开条例》，围绕政务服务“一网通办”，"
                     "主动公开办事指南和办理结果，依法办理政府信息公开申请，做到件件有答复、按时答复。"),
        "problems": ("一是部分答复书对不予公开理由的说明还不够充分；二是依申请公开转主动公开的工作机制尚需完善。"
                     f"{year + 1}年将统一使用答复示范文本，并对多次申请的信息及时转为主动公开。"),
        "other_matters": "本年度未收取信息处理费。",
    }


def load_foi_report(tally, *, now: datetime) -> list[AnnualReport]:
    today = timezone.localdate(now)
    last = report.reporting_year(today)
    in_season = today <= date(today.year, 1, 31)
    made = _reports(tally, year=last, now=now if in_season else _moment(today.year, 1, 20),
                    publish_at=None if in_season else _moment(today.year, 1, 22))
    if today.month >= 11:
        made += _reports(tally, year=today.year, now=now, publish_at=None)
    return made


def _moment(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=SHANGHAI)


def _reports(tally, *, year: int, now: datetime, publish_at: datetime | None) -> list[AnnualReport]:
    admin = User.objects.get(username="admin")
    made = []
    for code in (None, ORGAN):
        organ = Department.objects.filter(code=code).first() if code else None
        if code and organ is None:
            continue
        existing = AnnualReport.objects.filter(year=year, organ=organ).first()
        if existing is not None:
            tally.add(AnnualReport._meta.verbose_name, "unchanged")
            made.append(existing)
            continue
        with transaction.atomic():
            rep = report_services.report_generate(year=year, organ=organ, actor=admin, now=now)
            data = {**FIGURES[code], **_texts(organ.name if organ else COUNTY, year)}
            rep = report_services.report_update(rep=rep, data=data, actor=admin, now=now)
            if publish_at is not None:  # signed by the organ's head (or, with none named, an administrator)
                signer = report_selectors.signer_for(rep) or admin
                rep = report_services.report_sign_off(rep=rep, actor=signer, now=publish_at - timedelta(hours=2))
                rep = report_services.report_publish(rep=rep, actor=admin, now=publish_at)
        tally.add(AnnualReport._meta.verbose_name, "created")
        made.append(rep)
    return made
