"""Printable notices the window desk hands the applicant, as A4 PDF.

Which notice a case gets follows its state (行政许可法 art. 32):

- submitted → 申请回执 (filing receipt: received, not yet accepted)
- supplement_requested → 补正告知书 (the one-time notice of every missing material)
- refused → 不予受理通知书 (reasons and the applicant's appeal rights)
- in_progress / completed → 受理通知书 (acceptance, with the statutory and promised limits)

Each notice carries the issuing department, the date (Asia/Shanghai), the case number, and a QR code
of the public tracking page. Output is deterministic given the case and `now` (and the working-day
calendar, when it can date the promised completion): reportlab runs in invariant mode, so printing
the same notice twice yields the same bytes.

Text uses reportlab's built-in CID font STSong-Light (no font file, not embedded: every PDF viewer
maps it to a local Song/Ming face). Its ToUnicode mapping is standard (UniGB-UCS2-H), so the text
stays searchable and extractable.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import qrcode
from django.conf import settings
from django.db import transaction
from django.utils import translation
from qrcode.image.pil import PilImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import receipts
from .extensions import case_section
from .models import Case, CaseEvent

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
FONT = "STSong-Light"
LATIN_FONT = "Helvetica"

RECEIPT = "receipt"
SUPPLEMENT = "supplement"
REFUSAL = "refusal"
ACCEPTANCE = "acceptance"
DECISION = "decision"

TITLES = {
    RECEIPT: "申请回执",
    SUPPLEMENT: "补正告知书",
    REFUSAL: "不予受理通知书",
    ACCEPTANCE: "受理通知书",
}
DECISION_TITLES = {
    Case.Decision.APPROVED: "准予行政许可决定书",
    Case.Decision.DENIED: "不予行政许可决定书",
}

APPEAL_RIGHTS = (
    "如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)

_KIND_BY_STATUS = {
    Case.Status.SUBMITTED: RECEIPT,
    Case.Status.SUPPLEMENT_REQUESTED: SUPPLEMENT,
    Case.Status.REFUSED: REFUSAL,
    Case.Status.IN_PROGRESS: ACCEPTANCE,
    Case.Status.COMPLETED: ACCEPTANCE,
}

# Page geometry (A4, GB/T 9704-like margins) and the QR block at the foot of page 1.
PAGE_W, PAGE_H = A4
MARGIN_X = 26 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 17 * mm
QR_SIZE = 24 * mm
QR_BLOCK_H = QR_SIZE + 12 * mm  # QR, the URL line under it, and breathing room above


# -- public API --------------------------------------------------------------------------------

def notice_kind(case: Case) -> str:
    """`receipt`, `supplement`, `refusal`, `acceptance` or, once decided, `decision` (行政许可法
    art. 38: a written decision; a denial with its reasons and the applicant's appeal rights)."""
    if case.decision in DECISION_TITLES:
        return DECISION
    try:
        return _KIND_BY_STATUS[case.status]
    except KeyError:
        raise ValueError(f"no notice for case status {case.status!r}") from None


def notice_title(case: Case) -> str:
    kind = notice_kind(case)
    return DECISION_TITLES[case.decision] if kind == DECISION else TITLES[kind]


def tracking_url(case: Case) -> str:
    """The public tracking page, opened with the case number and query code filled in."""
    query = urlencode({"number": case.number, "query_code": case.query_code})
    return f"{settings.SITE_URL.rstrip('/')}/track/?{query}"


def render_notice(case: Case, *, now: datetime) -> bytes:
    """The notice for the case's current state, as PDF bytes, dated the day of the act it records
    (`now` only where no act is on record)."""
    kind = notice_kind(case)
    with translation.override("zh-hans"):
        facts = _facts(case, kind, now=now)
        story = _BUILDERS[kind](case, facts)
        return _build_pdf(case, facts, kind=kind, story=story)


# -- facts shared by every notice --------------------------------------------------------------

@dataclass(frozen=True)
class _Facts:
    department: str
    issued_on: date
    filed_at: datetime
    accepted_at: datetime | None
    url: str


def _local(moment: datetime) -> datetime:
    return moment.astimezone(SHANGHAI)


_ACT_EVENTS = {
    SUPPLEMENT: (CaseEvent.Kind.SUPPLEMENT_REQUESTED,),
    REFUSAL: (CaseEvent.Kind.REFUSED,),
    DECISION: (CaseEvent.Kind.APPROVED, CaseEvent.Kind.DENIED),
}


def _act_moment(case: Case, kind: str) -> datetime | None:
    """When the act a notice records was done: a notice printed again a week later still bears the
    date of the acceptance, refusal, request or decision, as the paper handed out that day did."""
    if kind == RECEIPT:
        return case.filed_at
    if kind == ACCEPTANCE:
        return case.accepted_at
    return (case.events.filter(kind__in=_ACT_EVENTS[kind]).order_by("-created_at", "-id")
            .values_list("created_at", flat=True).first())


def _facts(case: Case, kind: str, *, now: datetime) -> _Facts:
    return _Facts(
        department=case.item.department.name,
        issued_on=_local(_act_moment(case, kind) or now).date(),
        filed_at=_local(case.filed_at),
        accepted_at=_local(case.accepted_at) if case.accepted_at else None,
        url=tracking_url(case),
    )


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _cn_datetime(moment: datetime) -> str:
    return f"{_cn_date(moment.date())} {moment:%H:%M}"


def _limit(days: int) -> str:
    return f"{days}个工作日" if days else "即时办结"


def _promised_told(case: Case, accepted_on: date) -> date | None:
    """The promised date fixed when the clock started: a reprint after a calendar change, a suspension
    or an extension repeats the promise the applicant was given (DESIGN §3)."""
    clock = case_section("clock", case, accepted_on)
    return clock.get("promised_deadline_told") if clock else None


def _promise_note(case: Case, accepted_on: date, promised_on: date) -> str:
    """What the notice adds to a promised date: that it is provisional (a year ahead has no imported
    holiday notice yet), or, on a reprint after the notice was imported, the date it now stands at."""
    clock = case_section("clock", case, accepted_on)
    if clock is None:
        return _provisional_by_calendar(accepted_on, promised_on)
    if clock.get("promised_deadline_provisional"):
        return clock.get("deadline_note") or ""
    moved = [c for c in clock.get("deadline_changes") or () if c["clock"] == "promised"]
    if moved and moved[-1]["after"] and moved[-1]["after"] != promised_on:
        return f"{moved[-1]['reason']}，现为{_cn_date(moved[-1]['after'])}"
    return ""


def _provisional_by_calendar(accepted_on: date, promised_on: date) -> str:
    try:
        from backend.workcalendar import calendar as workcalendar

        years = workcalendar.refresh_if_stale().provisional_years_between(accepted_on, promised_on)
    except Exception:  # the note is an aid; the notice never fails for it
        logger.warning("notice: provisional check failed", exc_info=True)
        return ""
    if not years:
        return ""
    return f"按法定节假日暂定，国务院办公厅公布 {'、'.join(map(str, years))} 年节假日安排后自动重算"


def _promised_completion(case: Case, accepted_on: date) -> date | None:
    """The promised completion date from the working-day calendar, or None if it cannot be dated.

    The calendar is optional here: a missing module, an uncovered year (CalendarNotCovered) or any
    other failure prints the limit in working days only; a notice is never refused for it.
    """
    days = case.guide.promised_limit_days
    if not days:
        return None
    try:
        from backend.workcalendar import calendar as workcalendar

        load = getattr(workcalendar, "refresh_if_stale", None) or workcalendar.get_calendar
        with transaction.atomic():  # a failed query must not poison the caller's transaction
            return load().add_working_days(accepted_on, days)
    except Exception:  # any calendar failure degrades to "N个工作日"
        logger.warning("notice for %s: promised completion date not computable", case.number, exc_info=True)
        return None


# -- styles --------------------------------------------------------------------------------------

def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK",
                          firstLineIndent=24, spaceAfter=2)
    return {
        "department": ParagraphStyle("department", fontName=FONT, fontSize=14, leading=20,
                                     alignment=TA_CENTER),
        "number": ParagraphStyle("number", fontName=FONT, fontSize=10.5, leading=15, alignment=TA_RIGHT),
        "salutation": ParagraphStyle("salutation", parent=body, firstLineIndent=0, spaceBefore=6),
        "body": body,
        "item": ParagraphStyle("item", parent=body, firstLineIndent=0, leftIndent=24 + 18,
                               bulletIndent=24, bulletFontName=LATIN_FONT, bulletFontSize=11, spaceAfter=0),
        "heading": ParagraphStyle("heading", parent=body, firstLineIndent=0, spaceBefore=6, spaceAfter=0),
        "label": ParagraphStyle("label", fontName=FONT, fontSize=10.5, leading=14),
        "value": ParagraphStyle("value", fontName=FONT, fontSize=10.5, leading=14, wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=FONT, fontSize=12, leading=19, alignment=TA_RIGHT,
                               rightIndent=12),
        "seal": ParagraphStyle("seal", fontName=FONT, fontSize=9, leading=12, alignment=TA_RIGHT, rightIndent=12,
                               textColor=colors.grey),
    }


_LATIN_RUN = re.compile(r"([\x20-\x7e]+)")


def _runs(text: str) -> list[tuple[str, str]]:
    """(font, text) runs: ASCII in Helvetica, so numbers, query codes and URLs print crisply in any
    viewer (STSong-Light's Latin glyphs are replaced by a viewer-chosen face), the rest in STSong-Light."""
    parts = _LATIN_RUN.split(text)
    return [(LATIN_FONT if i % 2 else FONT, part) for i, part in enumerate(parts) if part]


def _p(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    markup = "".join(
        f'<font name="{font}">{escape(run)}</font>' if font == LATIN_FONT else escape(run)
        for font, run in _runs(text)
    )
    return Paragraph(markup.replace("\n", "<br/>"), style, bulletText=bullet)


def _draw(canvas, x: float, y: float, text: str, size: float, *, centred: bool = False) -> None:
    runs = _runs(text)
    if centred:
        x -= sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs) / 2
    obj = canvas.beginText(x, y)
    for font, run in runs:
        obj.setFont(font, size)
        obj.textOut(run)
    canvas.drawText(obj)


class _Title(Flowable):
    """The notice title: centred, 22 pt, faux bold (fill + stroke; STSong-Light has no bold face)."""

    def __init__(self, text: str, size: float = 22):
        super().__init__()
        self.text, self.size = text, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.size * 1.75

    def draw(self):
        c = self.canv
        # Letter-spaced like a printed official title; the spacing is positioning, not space characters,
        # so the title stays one word for search and text extraction.
        spacing = self.size * 0.25
        width = pdfmetrics.stringWidth(self.text, FONT, self.size) + spacing * (len(self.text) - 1)
        text = c.beginText((self.width - width) / 2, self.size * 0.5)
        text.setFont(FONT, self.size)
        text.setCharSpace(spacing)
        text.setTextRenderMode(2)
        c.setLineWidth(0.45)
        text.textOut(self.text)
        c.drawText(text)


# -- the notices ---------------------------------------------------------------------------------

def _applied(case: Case, facts: _Facts) -> str:
    return (f"你（单位）于{_cn_date(facts.filed_at.date())}通过{case.get_channel_display()}"
            f"提出的“{case.item.name}”申请")


def _facts_table(rows: list[tuple[str, str]], st) -> Table:
    data = [[_p(label, st["label"]), _p(value or "—", st["value"])] for label, value in rows]
    table = Table(data, colWidths=[30 * mm, PAGE_W - 2 * MARGIN_X - 30 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _basic_rows(case: Case, facts: _Facts) -> list[tuple[str, str]]:
    return [
        ("办件编号", case.number),
        ("查询码", case.query_code),
        ("申请事项", case.item.name),
        ("申请人", case.applicant_name),
    ]


def _contact_rows(case: Case) -> list[tuple[str, str]]:
    return [("咨询电话", case.guide.enquiry_phone), ("投诉电话", case.guide.complaint_phone)]


def _place(case: Case) -> str:
    place = case.guide.place
    centre = case.service_centre
    if centre and centre.name not in place:
        where = f"{centre.name}（{centre.address}）" if centre.address else centre.name
        place = f"{where}；{place}" if place else where
    return place


def _materials_received(case: Case, st) -> list[Flowable]:
    materials = list(case.materials.filter(removed_at__isnull=True).select_related("requirement"))
    flow: list[Flowable] = [_p(f"已收到申请材料（共{len(materials)}件）：", st["heading"])]
    if not materials:
        flow.append(_p("暂未收到申请材料。", st["item"]))
    for i, m in enumerate(materials, 1):
        name = f"{m.requirement.name}（{m.original_name}）" if m.requirement else m.original_name
        flow.append(_p(name, st["item"], bullet=f"{i}."))
    return flow


def _materials_checked(case: Case, st) -> list[Flowable]:
    """What the clerk ticked as received at acceptance (the checklist on the 受理 event)."""
    accepted = case.events.filter(kind=CaseEvent.Kind.ACCEPTED).order_by("-created_at", "-id").first()
    received = (accepted.data or {}).get("received") if accepted else None
    if received is None:  # accepted before the checklist existed
        return _materials_received(case, st)
    flow: list[Flowable] = [_p(f"受理时核验收到的申请材料（共{len(received)}项）：", st["heading"])]
    if not received:
        flow.append(_p("本事项无需提交申请材料。", st["item"]))
    with translation.override(settings.LANGUAGE_CODE):  # the notice is the Chinese official document
        for i, entry in enumerate(received, 1):
            flow.append(_p(receipts.describe(entry), st["item"], bullet=f"{i}."))
    return flow


def _receipt(case: Case, facts: _Facts) -> list[Flowable]:
    st = _styles()
    return [
        _p(f"{case.applicant_name}：", st["salutation"]),
        _p(f"{_applied(case, facts)}，本机关已收到。本回执仅证明已收到申请，不表示已经受理。"
           "本机关将依照《中华人民共和国行政许可法》第三十二条的规定，在五日内作出受理、不予受理"
           "或者一次性告知补正的决定，并告知你（单位）。", st["body"]),
        Spacer(0, 4),
        _facts_table(_basic_rows(case, facts) + [
            ("申请时间", _cn_datetime(facts.filed_at)),
            ("申请渠道", case.get_channel_display()),
            ("实施部门", facts.department),
            ("办理地点", _place(case)),
            *_contact_rows(case),
        ], st),
        *_materials_received(case, st),
    ]


def _acceptance(case: Case, facts: _Facts) -> list[Flowable]:
    st = _styles()
    guide = case.guide
    accepted = facts.accepted_at or facts.filed_at
    promised_on = _promised_told(case, accepted.date()) or _promised_completion(case, accepted.date())
    promised = _limit(guide.promised_limit_days)
    if promised_on is not None:
        note = _promise_note(case, accepted.date(), promised_on)
        promised += f"（最迟于{_cn_date(promised_on)}办结" + (f"；{note}" if note else "") + "）"
    return [
        _p(f"{case.applicant_name}：", st["salutation"]),
        _p(f"{_applied(case, facts)}，经审查，申请事项属于本机关职权范围，申请材料齐全、符合法定形式。"
           "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。", st["body"]),
        _p("本机关将自受理之日起，在下列承诺时限内作出决定。依法需要听证、招标、拍卖、检验、检测、检疫、"
           "鉴定和专家评审的，所需时间不计算在期限内，本机关将书面告知所需时间。", st["body"]),
        Spacer(0, 4),
        _facts_table(_basic_rows(case, facts) + [
            ("受理日期", _cn_date(accepted.date())),
            ("法定时限", _limit(guide.statutory_limit_days)),
            ("承诺时限", promised),
            ("实施部门", facts.department),
            ("办理地点", _place(case)),
            *_contact_rows(case),
        ], st),
        *_materials_checked(case, st),
    ]


def _refusal(case: Case, facts: _Facts) -> list[Flowable]:
    st = _styles()
    reasons = [line.strip() for line in case.status_reason.splitlines() if line.strip()] or ["（未说明）"]
    flow: list[Flowable] = [
        _p(f"{case.applicant_name}：", st["salutation"]),
        _p(f"{_applied(case, facts)}，经审查，根据《中华人民共和国行政许可法》第三十二条的规定，"
           "本机关决定不予受理。理由如下：", st["body"]),
    ]
    flow += [_p(reason, st["body"]) for reason in reasons]
    flow += [
        _p(APPEAL_RIGHTS, st["body"]),
        Spacer(0, 4),
        _facts_table(_basic_rows(case, facts) + [
            ("申请时间", _cn_datetime(facts.filed_at)),
            ("实施部门", facts.department),
            *_contact_rows(case),
        ], st),
    ]
    return flow


def _supplement(case: Case, facts: _Facts) -> list[Flowable]:
    st = _styles()
    place = _place(case)
    flow: list[Flowable] = [
        _p(f"{case.applicant_name}：", st["salutation"]),
        _p(f"{_applied(case, facts)}，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国"
           "行政许可法》第三十二条第一款第（四）项的规定，现一次性告知你（单位）需要补正的全部内容如下：",
           st["body"]),
    ]
    flow += [_p(m, st["item"], bullet=f"{i}.") for i, m in enumerate(case.missing_materials, 1)]
    if case.status_reason.strip():
        flow.append(_p(f"说明：{case.status_reason.strip()}", st["body"]))
    flow += [
        _p("本告知书为一次性告知，以上为需要补正的全部内容。请你（单位）按上述要求补正全部材料后，"
           f"提交至{place or facts.department}；网上申请的，也可在网上办事大厅上传补正材料。"
           "本机关收到全部补正材料后，将依法作出是否受理的决定。", st["body"]),
        Spacer(0, 4),
        _facts_table(_basic_rows(case, facts) + [
            ("申请时间", _cn_datetime(facts.filed_at)),
            ("提交地点", place),
            ("办理时间", case.guide.hours),
            *_contact_rows(case),
        ], st),
    ]
    return flow


def _decision(case: Case, facts: _Facts) -> list[Flowable]:
    st = _styles()
    accepted = facts.accepted_at or facts.filed_at
    rows = _basic_rows(case, facts) + [("受理日期", _cn_date(accepted.date())), ("实施部门", facts.department),
                                       *_contact_rows(case)]
    flow: list[Flowable] = [_p(f"{case.applicant_name}：", st["salutation"])]
    if case.decision == Case.Decision.APPROVED:
        flow += [
            _p(f"{_applied(case, facts)}，经审查，申请符合法定条件、标准。根据《中华人民共和国行政许可法》"
               "第三十八条第一款的规定，本机关决定准予行政许可。", st["body"]),
        ]
        if case.status_reason.strip():
            flow.append(_p(f"审查意见：{case.status_reason.strip()}", st["body"]))
    else:
        reasons = [line.strip() for line in case.status_reason.splitlines() if line.strip()] or ["（未说明）"]
        flow += [
            _p(f"{_applied(case, facts)}，经审查，申请不符合法定条件、标准。根据《中华人民共和国行政许可法》"
               "第三十八条第二款的规定，本机关决定不予行政许可。理由如下：", st["body"]),
            *[_p(reason, st["body"]) for reason in reasons],
            _p(APPEAL_RIGHTS, st["body"]),
        ]
    return [*flow, Spacer(0, 4), _facts_table(rows, st)]


_BUILDERS = {RECEIPT: _receipt, SUPPLEMENT: _supplement, REFUSAL: _refusal, ACCEPTANCE: _acceptance,
             DECISION: _decision}


# -- page furniture and assembly -----------------------------------------------------------------

def _qr_png(data: str) -> bytes:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=0,
                       image_factory=PilImage)
    qr.add_data(data)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out, format="PNG")
    return out.getvalue()


def _build_pdf(case: Case, facts: _Facts, *, kind: str, story: list[Flowable]) -> bytes:
    st = _styles()
    title = notice_title(case)
    qr = ImageReader(io.BytesIO(_qr_png(facts.url)))
    width = PAGE_W - 2 * MARGIN_X

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(colors.grey)
        _draw(canvas, PAGE_W / 2, 9 * mm, f"{title}　办件编号 {case.number}　第 {doc.page} 页", 8, centred=True)
        canvas.restoreState()

    def first_page(canvas, doc):
        footer(canvas, doc)
        canvas.saveState()
        x, top = MARGIN_X, MARGIN_BOTTOM + QR_BLOCK_H
        canvas.setStrokeColor(colors.HexColor("#BBBBBB"))
        canvas.setLineWidth(0.5)
        canvas.setDash(2, 2)
        canvas.line(x, top - 3 * mm, PAGE_W - MARGIN_X, top - 3 * mm)
        canvas.setDash()
        qr_y = MARGIN_BOTTOM + 5 * mm
        canvas.drawImage(qr, x, qr_y, QR_SIZE, QR_SIZE)
        tx = x + QR_SIZE + 6 * mm
        _draw(canvas, tx, qr_y + QR_SIZE - 11, "扫码查询办理进度", 11)
        _draw(canvas, tx, qr_y + QR_SIZE - 27, f"办件编号：{case.number}　　查询码：{case.query_code}", 9.5)
        _draw(canvas, tx, qr_y + QR_SIZE - 42,
              f"也可登录 {settings.SITE_URL.rstrip('/')}/track/ 输入办件编号和查询码查询。", 9.5)
        _draw(canvas, tx, qr_y + QR_SIZE - 57, "请妥善保管本文书，查询码请勿告知他人。", 9.5)
        _draw(canvas, x, qr_y - 3.5 * mm, facts.url, 6.5)
        canvas.restoreState()

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=A4, invariant=1, title=f"{title} {case.number}", author=facts.department,
        subject=case.item.name, creator="Tongban", lang="zh-CN",
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
    )
    body_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
    doc.addPageTemplates([
        PageTemplate("first", [Frame(MARGIN_X, MARGIN_BOTTOM + QR_BLOCK_H, width, body_h - QR_BLOCK_H,
                                     id="first", leftPadding=0, rightPadding=0)],
                     onPage=first_page, autoNextPageTemplate="later"),
        PageTemplate("later", [Frame(MARGIN_X, MARGIN_BOTTOM, width, body_h, id="later",
                                     leftPadding=0, rightPadding=0)], onPage=footer),
    ])
    header: list[Flowable] = [
        _p(facts.department, st["department"]),
        _Title(title),
        _p(f"办件编号：{case.number}", st["number"]),
        Spacer(0, 4),
    ]
    signature = KeepTogether([
        Spacer(0, 10),
        _p(f"{facts.department}", st["sign"]),
        _p("（印章）", st["seal"]),
        _p(_cn_date(facts.issued_on), st["sign"]),
    ])
    doc.build(header + story + [signature])
    return buf.getvalue()
