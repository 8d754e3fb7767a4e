"""The pure rules of information requests (政府信息公开条例 2019): the receipt date of art. 31, the
补正 window of art. 30, the extension of art. 33, what each reply type of arts. 36–37 needs, and the
filling of a model reply's placeholders. No database, no clock: callers pass days and values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.common.errors import FieldError

from .models import InfoRequest

RT = InfoRequest.ReplyType
G = InfoRequest.Ground

TERM_DAYS = 20  # art. 33 para. 1: 20 working days from receipt
MAX_EXTENSION_DAYS = 20  # art. 33 para. 2: one extension of at most 20 working days
SUPPLEMENT_WINDOW_DAYS = 7  # art. 30: the 补正 notice within 7 working days of receipt
THIRD_PARTY_DAYS = 15  # art. 32: the third party answers within 15 working days
DEFAULT_SUPPLEMENT_DAYS = 10  # the period a 补正 notice gives, unless staff give another
MAX_SUPPLEMENT_DAYS = 30

# Post: a registered letter, parcel or courier is received the day the organ signs for it; an ordinary
# letter (no signature) the day the organ confirms it with the applicant (art. 31 item 2).
POST_SIGNED, POST_ORDINARY = "signed", "ordinary"
# Stored with the request in Chinese (the record); pages show them translated ({% translate %}).
BASIS = {
    InfoRequest.Channel.IN_PERSON: gettext_noop("当面提交申请，以提交之日为收到申请之日"
                                                "（《政府信息公开条例》第三十一条第一项）"),
    POST_SIGNED: gettext_noop("以邮政、快递等方式提交，以行政机关签收之日为收到申请之日（第三十一条第二项）"),
    POST_ORDINARY: gettext_noop("以平常信函等无需签收的邮寄方式提交，"
                                "以与申请人确认之日为收到申请之日（第三十一条第二项）"),
    InfoRequest.Channel.ONLINE: gettext_noop("通过互联网渠道提交，以双方确认之日为收到申请之日（第三十一条第三项）"),
}
UNCONFIRMED_BASIS = gettext_noop("网上申请已提交，待本机关确认（第三十一条第三项）")


def receipt(*, channel: str, today: date, post_kind: str = "", signed_on: date | None = None
            ) -> tuple[date | None, str, list[FieldError]]:
    """(received_on, basis, errors) for a request registered `today`. Online: the day the organ
    confirms (today, when it confirms). Post: `signed_on` — the day signed for, or confirmed with the
    applicant for an ordinary letter; never in the future. In person: today."""
    errors: list[FieldError] = []
    if channel == InfoRequest.Channel.IN_PERSON:
        return today, BASIS[channel], errors
    if channel == InfoRequest.Channel.ONLINE:
        return today, BASIS[channel], errors
    if channel != InfoRequest.Channel.POST:
        errors.append(FieldError("channel", "invalid",
                                 _("申请方式应为 online（网上）、post（信函）或 in_person（当面）。")))
        return None, "", errors
    if post_kind not in (POST_SIGNED, POST_ORDINARY):
        errors.append(FieldError("post_kind", "required", _(
            "请选择邮寄方式：signed（需签收的挂号信、快递）或 ordinary（平常信函）。")))
    if signed_on is None:
        errors.append(FieldError("signed_on", "required", _("请填写签收日期（平常信函填写与申请人确认之日）。")))
    elif signed_on > today:
        errors.append(FieldError("signed_on", "future", _("签收日期不能晚于今天。")))
    if errors:
        return None, "", errors
    return signed_on, BASIS[post_kind], errors


def supplement_window_open(*, working_days_since_receipt: int) -> bool:
    """Art. 30: the 补正 notice is given within 7 working days of receipt."""
    return working_days_since_receipt <= SUPPLEMENT_WINDOW_DAYS


@dataclass(frozen=True)
class ReplySpec:
    """What a reply type takes: the reply_data fields it requires, the grounds (annual-report rows)
    it may rest on (the first is the default; empty: none), and the case decision it counts as."""
    fields: tuple[str, ...]
    grounds: tuple[str, ...]
    favourable: bool
    article: str


EXEMPTIONS = (G.STATE_SECRET, G.LAW_FORBIDS, G.SECURITY_STABILITY, G.THIRD_PARTY, G.INTERNAL_AFFAIRS,
              G.PROCESS_INFO, G.ENFORCEMENT_FILE, G.QUERY_MATTER)
SPECS: dict[str, ReplySpec] = {
    RT.ALREADY_PUBLIC: ReplySpec(("location",), (), True, "第三十六条第一项"),
    RT.GRANTED: ReplySpec(("provided",), (), True, "第三十六条第二项"),
    RT.PARTLY_GRANTED: ReplySpec(("provided", "redacted", "reason"), EXEMPTIONS, True, "第三十七条"),
    RT.REFUSED: ReplySpec(("reason",), EXEMPTIONS, False, "第三十六条第三项"),
    RT.NOT_HELD: ReplySpec((), (G.NOT_HELD, G.NEEDS_CREATING, G.STILL_UNCLEAR), False, "第三十六条第四项"),
    RT.NOT_THIS_ORGAN: ReplySpec(("responsible_organ", "responsible_contact"), (G.NOT_HELD, G.OTHER), False,
                                 "第三十六条第五项"),
    RT.REPEAT: ReplySpec(("previous_reply",), (G.REPEAT,), False, "第三十六条第六项"),
    RT.OTHER_CHANNEL: ReplySpec(("channel_name",), (G.PETITION, G.PUBLICATION, G.CONFIRMATION, G.MASS_REPEATED,
                                                    G.OTHER), False, "第三十六条第七项"),
    RT.WITHDRAWN: ReplySpec((), (G.NO_SUPPLEMENT,), False, "第三十条"),
}
# reply_data fields: (label, max length)
DATA_FIELDS = {
    "location": (_("已主动公开的获取途径（网址或查阅场所）"), 500),
    "provided": (_("提供的政府信息"), 1000),
    "redacted": (_("不予公开的部分"), 1000),
    "reason": (_("不予公开的理由"), 1000),
    "responsible_organ": (_("负责公开该信息的机关"), 200),
    "responsible_contact": (_("该机关的联系方式"), 200),
    "previous_reply": (_("已作出的答复（日期、编号）"), 300),
    "channel_name": (_("应当通过的其他途径"), 500),
    "detail": (_("补充说明"), 1000),
}
STAFF_TYPES = tuple(t for t in SPECS if t != RT.WITHDRAWN)  # withdrawn comes from the sweep only


def default_ground(reply_type: str) -> str:
    """The ground a reply type rests on unless staff choose another (none for a refusal or a partial
    grant: the exemption must be cited)."""
    spec = SPECS.get(reply_type)
    return spec.grounds[0] if spec and spec.grounds and reply_type not in (RT.REFUSED, RT.PARTLY_GRANTED,
                                                                          RT.OTHER_CHANNEL) else ""


def reply_check(*, reply_type: str, ground: str, data: dict) -> tuple[str, dict, list[FieldError]]:
    """(ground, cleaned data, errors) for a drafted reply."""
    errors: list[FieldError] = []
    spec = SPECS.get(reply_type) if reply_type in STAFF_TYPES else None
    if spec is None:
        errors.append(FieldError("reply_type", "invalid", _("请选择答复类型。")))
        return "", {}, errors
    if not isinstance(data, dict):
        errors.append(FieldError("reply_data", "invalid", _("答复要素应为对象。")))
        return "", {}, errors
    cleaned: dict = {}
    for name, value in data.items():
        if name not in DATA_FIELDS:
            errors.append(FieldError(f"reply_data.{name}", "unknown", _("未知字段。")))
            continue
        text = str(value or "").strip()
        if len(text) > DATA_FIELDS[name][1]:
            errors.append(FieldError(f"reply_data.{name}", "too_long",
                                     _("不能超过 %(n)s 个字符。") % {"n": DATA_FIELDS[name][1]}))
        if text:
            cleaned[name] = text
    for name in spec.fields:
        if name not in cleaned:
            errors.append(FieldError(f"reply_data.{name}", "required",
                                     _("请填写“%(label)s”。") % {"label": DATA_FIELDS[name][0]}))
    if spec.grounds:
        ground = ground or default_ground(reply_type)
        if ground not in spec.grounds:
            errors.append(FieldError("reply_ground", "required" if not ground else "invalid",
                                     _("请选择本答复所依据的情形（不予公开须引用第十四条至第十六条的具体情形）。")))
    else:
        ground = ""
    return ground, cleaned, errors


PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = (
    "applicant", "number", "received_date", "description", "form", "delivery_way", "organ", "organ_address",
    "organ_phone", "reply_date", "reconsideration_organ", "court", "ground", "files", "supplement_request",
    "supplement_due", *DATA_FIELDS,
)


def unknown_placeholders(text: str) -> list[str]:
    return sorted({m for m in PLACEHOLDER.findall(text or "") if m not in PLACEHOLDERS})


def fill(text: str, values: dict) -> str:
    """Replace each {name} with its value; a line that is only an empty placeholder (an optional
    {files} or {detail}) is dropped, an empty value inside a sentence reads "（无）"."""
    lines = []
    for line in (text or "").splitlines():
        alone = PLACEHOLDER.fullmatch(line.strip())
        if alone and alone.group(1) in PLACEHOLDERS and not values.get(alone.group(1)):
            continue
        lines.append(PLACEHOLDER.sub(lambda m: str(values.get(m.group(1)) or "（无）") if m.group(1) in PLACEHOLDERS
                                     else m.group(0), line))
    return "\n".join(lines)


def chinese_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""
