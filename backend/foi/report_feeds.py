"""The Atom feed of published annual reports (/public/feeds/foi-reports.atom): a correction is an
update of the same entry, a withdrawal an entry too (backend.disclosure.feeds)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backend.disclosure.feeds import _PublicationFeed
from backend.disclosure.models import Publication


class ReportFeed(_PublicationFeed):
    kind = Publication.Kind.FOI_REPORT
    section = "foi/reports"

    def feed_url(self):
        return "/public/feeds/foi-reports.atom"

    def feed_guid(self):
        return super().feed_guid().replace("foi/reports", "foi-reports")

    def title(self):
        return _("政府信息公开工作年度报告")

    def subtitle(self):
        return _("各机关和全县的政府信息公开工作年度报告（政府信息公开条例第五十条）。")

    def item_categories(self, item: Publication):
        return [tag for tag in super().item_categories(item) if tag]

    def published_title(self, item):
        return item.title

    def published_summary(self, item):
        table = item.payload.get("requests", {}).get("rows", [])
        new = next((r["values"].get("total") for r in table if r.get("key") == "new"), None)
        return _("%(year)s年度：本年新收政府信息公开申请 %(new)s 件。") % {"year": item.payload.get("year"), "new": new}
