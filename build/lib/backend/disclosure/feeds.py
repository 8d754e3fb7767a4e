"""Atom feeds of guides and results. An entry's id is its subject (item code or case number), so a
correction or withdrawal reaches readers as an update of the same entry with a newer `updated`."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors
from .models import Publication


def tag_authority() -> str:
    """Entry ids stay the same on every host that serves them (the site, the static export)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


class _PublicationFeed(Feed):
    feed_type = Atom1Feed
    kind: str = ""
    section: str = ""

    def link(self):
        return f"/public/{self.section}/"

    def feed_url(self):
        return f"/public/feeds/{self.section}.atom"

    def feed_guid(self):
        return f"tag:{tag_authority()},2026:tongban/{self.section}"

    @property
    def language(self):  # Django reads this attribute directly, not through a method call
        return "zh-Hans" if get_language() in (None, "zh-hans") else get_language()

    def author_name(self):
        return _("县政务服务中心")

    def items(self):
        return selectors.feed_entries(kind=self.kind)

    def item_guid(self, item: Publication):
        return f"tag:{tag_authority()},2026:tongban/{self.section}/{item.subject}"

    item_guid_is_permalink = False

    def item_link(self, item: Publication):
        return f"/public/{self.section}/{item.subject}/"

    def item_pubdate(self, item: Publication):
        return item.published_at

    def item_updateddate(self, item: Publication):
        return item.updated_at

    def item_categories(self, item: Publication):
        tags = [item.department_name]
        if item.status == Publication.Status.WITHDRAWN:
            tags.append("withdrawn")
        elif item.correction_reason:
            tags.append("corrected")
        return tags

    def item_title(self, item: Publication):
        title = self.published_title(item)
        if item.status == Publication.Status.WITHDRAWN:
            return _("【已撤回】%(title)s") % {"title": title}
        return title

    def item_description(self, item: Publication):
        # Atom1Feed writes the summary as <summary type="html">: its text, once the XML is parsed, is
        # HTML that readers render. Ours is plain text (names, reasons, translations), so it is
        # HTML-escaped here and XML-escaped again by the generator. Titles and category terms are
        # Atom text and must not be escaped.
        return escape(self.summary_text(item))

    def summary_text(self, item: Publication) -> str:
        if item.status == Publication.Status.WITHDRAWN:
            return _("该信息已于 %(date)s 撤回。理由：%(reason)s") % {
                "date": timezone.localdate(item.withdrawn_at).isoformat() if item.withdrawn_at else "",
                "reason": item.withdrawn_reason}
        text = self.published_summary(item)
        if item.correction_reason:
            text += " " + _("（更正：%(reason)s）") % {"reason": item.correction_reason}
        return text


def _label(payload: dict) -> str:
    label = payload.get("decision_label") or ""
    return _(label) if label else ""  # gettext("") would return the catalogue's header


class GuideFeed(_PublicationFeed):
    kind = Publication.Kind.GUIDE
    section = "guides"

    def title(self):
        return _("办事指南公开")

    def subtitle(self):
        return _("本县行政许可和公共服务事项的办事指南（行政许可法第三十条）。")

    def published_title(self, item):
        return _("%(name)s（办事指南第 %(version)s 版）") % {"name": item.item_name,
                                                            "version": item.payload.get("version")}

    def published_summary(self, item):
        g = item.payload
        return _("实施部门：%(dept)s；法定时限 %(statutory)s 个工作日，承诺时限 %(promised)s 个工作日；"
                 "自 %(date)s 起施行。") % {"dept": item.department_name, "statutory": g.get("statutory_limit_days"),
                                          "promised": g.get("promised_limit_days"), "date": g.get("effective_from")}


class ResultFeed(_PublicationFeed):
    kind = Publication.Kind.RESULT
    section = "results"

    def title(self):
        return _("行政许可结果公开")

    def subtitle(self):
        return _("本县行政许可决定（行政许可法第四十条），申请人个人信息已脱敏。")

    def published_title(self, item):
        return f"{item.item_name} · {item.subject} · {_label(item.payload)}"

    def published_summary(self, item):
        r = item.payload
        text = _("申请人：%(applicant)s；决定：%(decision)s；办结日期：%(date)s。") % {
            "applicant": r.get("applicant"), "decision": _label(r), "date": r.get("decided_on")}
        if r.get("used_working_days") is not None:
            text += " " + _("用时 %(n)s 个工作日。") % {"n": r["used_working_days"]}
        certificate = r.get("certificate")
        if certificate:
            text += " " + (_("证书编号：%(number)s，有效期 %(start)s 至 %(end)s。") if certificate.get("valid_until")
                           else _("证书编号：%(number)s，%(start)s 起长期有效。")) % {
                "number": certificate.get("number"), "start": certificate.get("valid_from"),
                "end": certificate.get("valid_until")}
            if certificate.get("revoked"):
                text += " " + _("该证书已于 %(day)s 撤销。") % {"day": certificate.get("revoked_on")}
        return text
