"""The automatic checks (自动检查). Each is a function `(*, now) -> list[Found]`, reading the database
in a few queries; what must be looked at one by one (a calendar day, a link, a file, a page's text) is
looked at only for the rows a query picked. `CHECKS` lists them in the order a run calls them.

A finding's fingerprint is the check code and its subject: the same problem found again by a later
run keeps its problem open; a problem whose fingerprint a later run no longer finds is closed."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.fields.json import KT
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import Department
from backend.catalog.models import ServiceItem
from backend.directory import rules as directory_rules
from backend.directory.models import Column, Document, DocumentAttachment
from backend.disclosure import scan
from backend.disclosure.models import Publication
from backend.supervision.models import Clock
from backend.workcalendar.calendar import CalendarNotCovered, refresh_if_stale

from .fetch import check_link


@dataclass(frozen=True)
class Found:
    check: str
    subject: str
    description: str
    department_id: int | None = None
    column_id: int | None = None
    evidence: dict = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.check}\n{self.subject}".encode()).hexdigest()


def _day(now: datetime) -> str:
    return timezone.localdate(now).isoformat()


def _current_documents():
    return Publication.objects.filter(kind=Publication.Kind.DOCUMENT, status=Publication.Status.PUBLISHED)


def _departments_by_code(codes) -> dict[str, int]:
    return dict(Department.objects.filter(code__in=set(codes)).values_list("code", "pk"))


def _columns_by_code(codes) -> dict[str, int]:
    return dict(Column.objects.filter(code__in=set(codes)).values_list("code", "pk"))


# -- the catalogue's columns -------------------------------------------------------------------------
def stale_columns(*, now: datetime) -> list[Found]:
    """A dynamic column whose next update was due before today (directory.rules.due_on)."""
    today = timezone.localdate(now)
    calendar = refresh_if_stale()
    found = []
    qs = (Column.objects.filter(is_active=True, kind=Column.Kind.DYNAMIC, department__isnull=False,
                                update_every_days__isnull=False, last_published_at__isnull=False)
          .only("pk", "code", "name", "department_id", "update_every_days", "day_kind", "last_published_at"))
    for column in qs:
        last = timezone.localdate(column.last_published_at)
        try:
            due = directory_rules.due_on(last=last, every_days=column.update_every_days, day_kind=column.day_kind,
                                         calendar=calendar)
        except CalendarNotCovered:
            continue
        if due is not None and due < today:
            found.append(Found(
                "stale_column", f"column:{column.code}",
                _("栏目“%(name)s”未按频率更新：最近更新 %(last)s，应于 %(due)s 前更新。") % {
                    "name": column.name, "last": last.isoformat(), "due": due.isoformat()},
                column.department_id, column.pk,
                {"url": f"/public/catalogue/{column.code}/", "date": _day(now),
                 "what": f"last update {last.isoformat()}, due {due.isoformat()}"}))
    return found


def empty_columns(*, now: datetime) -> list[Found]:
    """An active dynamic column with a unit and no public document."""
    # NOT IN over a NULL would exclude every column: leave publications without a column code out.
    public = _current_documents().annotate(code=KT("payload__column__code")).filter(code__isnull=False).values("code")
    qs = (Column.objects.filter(is_active=True, kind=Column.Kind.DYNAMIC, department__isnull=False)
          .exclude(code__in=public).values_list("pk", "code", "name", "department_id"))
    return [Found("empty_column", f"column:{code}", _("栏目“%(name)s”没有公开任何文件（空栏目）。") % {"name": name},
                  dept, pk, {"url": f"/public/catalogue/{code}/", "date": _day(now), "what": "no public document"})
            for pk, code, name, dept in qs]


# -- links ---------------------------------------------------------------------------------------------
LINK_RE = re.compile(r"""https?://[^\s"'<>()（）【】，。；、]+|(?<![\w/.:])/public/[^\s"'<>()（）【】，。；、]*""")


def links_in(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).rstrip(".,;:") for m in LINK_RE.finditer(text or "")))


def site_hosts() -> set[str]:
    return {h.lower() for h in getattr(settings, "INSPECTION_SITE_HOSTS", ())}


def _document_links(*, internal: bool):
    """(publication, link) for each link in each current document's body that is (not) this site's."""
    rows = _current_documents().values_list("subject", "department_code", "payload")
    hosts = site_hosts()
    for subject, dept_code, payload in rows:
        for link in links_in(str((payload or {}).get("body", ""))):
            parts = urlsplit(link)
            is_internal = not parts.netloc or parts.netloc.lower() in hosts
            if is_internal == internal:
                yield subject, dept_code, payload, link


def _link_found(check, subject, dept_code, payload, link, what, now, depts, cols) -> Found:
    page = (payload or {}).get("path") or f"/public/catalogue/documents/{subject}/"
    col = ((payload or {}).get("column") or {}).get("code", "")
    return Found(check, f"{subject} {link}",
                 _("文件“%(title)s”中的链接无法打开：%(link)s（%(what)s）。") % {
                     "title": (payload or {}).get("title", subject), "link": link, "what": what},
                 depts.get(dept_code), cols.get(col), {"url": link, "page": page, "date": _day(now), "what": what})


def _internal_get(path: str) -> int:
    fetch = scan.fetch_in_process()
    status, _type, _text = fetch(path)
    return status


def broken_internal_links(*, now: datetime) -> list[Found]:
    """Links to this site (`/public/…`, or an absolute address on INSPECTION_SITE_HOSTS) that do not
    resolve to a view, or whose page answers 4xx/5xx through the test client (no network)."""
    rows = list(_document_links(internal=True))
    depts = _departments_by_code(r[1] for r in rows)
    cols = _columns_by_code(((r[2] or {}).get("column") or {}).get("code", "") for r in rows)
    found, seen = [], {}
    for subject, dept_code, payload, link in rows:
        parts = urlsplit(link)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in seen:
            try:
                resolve(parts.path)
            except Resolver404:
                seen[path] = "no such page"
            else:
                status = _internal_get(path)
                seen[path] = f"HTTP {status}" if status >= 400 else ""
        if seen[path]:
            found.append(_link_found("broken_internal_link", subject, dept_code, payload, link, seen[path], now,
                                     depts, cols))
    return found


def broken_external_links(*, now: datetime) -> list[Found]:
    """Links elsewhere: a HEAD (or GET) with a short timeout; no answer or 4xx/5xx is broken."""
    rows = list(_document_links(internal=False))
    depts = _departments_by_code(r[1] for r in rows)
    cols = _columns_by_code(((r[2] or {}).get("column") or {}).get("code", "") for r in rows)
    found, seen = [], {}
    for subject, dept_code, payload, link in rows:
        if link not in seen:
            seen[link] = check_link(link)
        if not seen[link].ok:
            found.append(_link_found("broken_external_link", subject, dept_code, payload, link, seen[link].reason,
                                     now, depts, cols))
    return found


# -- attachments -----------------------------------------------------------------------------------------
def _sha256(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def broken_attachments(*, now: datetime) -> list[Found]:
    """An attachment of a published document that is missing in storage, empty, or not the file that
    was uploaded (its sha256 differs)."""
    qs = (DocumentAttachment.objects.filter(document__status=Document.Status.PUBLISHED)
          .select_related("document__column"))
    found = []
    for att in qs:
        storage, name = att.file.storage, att.file.name
        if not name or not storage.exists(name):
            what = "missing"
        elif storage.size(name) == 0:
            what = "empty"
        elif _sha256(storage, name) != att.sha256:
            what = "sha256 mismatch"
        else:
            continue
        doc = att.document
        found.append(Found("broken_attachment", f"attachment:{att.pk}",
                           _("文件“%(title)s”的附件“%(name)s”无法打开（%(what)s）。") % {
                               "title": doc.title, "name": att.original_name, "what": what},
                           doc.column.department_id, doc.column_id,
                           {"url": f"/public/catalogue/documents/{doc.key}/", "date": _day(now), "what": what,
                            "file": att.original_name}))
    return found


# -- letters and information requests ---------------------------------------------------------------------
def overdue_letters_and_requests(*, now: datetime) -> list[Found]:
    """An open promised or statutory clock in red (or past its statutory limit) of a case whose item is a
    letter or an information request."""
    qs = (Clock.objects.filter(completed_at__isnull=True, kind__in=[Clock.Kind.PROMISED, Clock.Kind.STATUTORY],
                               case__item__category__in=[ServiceItem.Category.LETTER,
                                                         ServiceItem.Category.INFORMATION_REQUEST])
          .filter(Q(state=Clock.State.RED) | Q(statutory_breach=True))
          .values_list("kind", "projected_deadline", "department_id", "case__number", "case__item__category",
                       "case__item__department_id"))
    found = []
    for kind, deadline, dept, number, category, item_dept in qs:
        what = _("来信") if category == ServiceItem.Category.LETTER else _("政府信息公开申请")
        found.append(Found("overdue_case", f"case:{number}:{kind}",
                           _("%(what)s %(number)s 已超过%(limit)s（期限 %(deadline)s）。") % {
                               "what": what, "number": number, "deadline": deadline or "—",
                               "limit": _("法定时限") if kind == Clock.Kind.STATUTORY else _("承诺时限")},
                           dept or item_dept, None,
                           {"url": "", "case": number, "date": _day(now),
                            "what": f"{kind} deadline {deadline} passed"}))
    return found


# -- personal data ------------------------------------------------------------------------------------------
def _hint(value: str) -> str:
    return value[:1] + "*" * max(0, len(value) - 1)


def unmasked_personal_data(*, now: datetime) -> list[Found]:
    """Every current publication's text (title, payload, search text) through the disclosure scan's
    `scan_text` (ID and mobile numbers, applicants' names, names by cue words)."""
    names = scan.person_names()
    rows = list(Publication.objects.filter(status=Publication.Status.PUBLISHED)
                .values_list("kind", "subject", "title", "payload", "search_text", "department_code"))
    depts = _departments_by_code(r[5] for r in rows)
    found = []
    for kind, subject, title, payload, search_text, dept_code in rows:
        text = "\n".join([title or "", json.dumps(payload or {}, ensure_ascii=False), search_text or ""])
        for hit in scan.scan_text(f"{kind}:{subject}", text, names):
            digest = hashlib.sha256(hit.value.encode()).hexdigest()[:16]
            found.append(Found("unmasked_personal_data", f"{kind}:{subject}:{hit.kind}:{digest}",
                               _("公开内容 %(subject)s 含未脱敏的个人信息（%(kind)s：%(hint)s）。") % {
                                   "subject": subject, "kind": hit.kind, "hint": _hint(hit.value)},
                               depts.get(dept_code), None,
                               {"url": (payload or {}).get("path", ""), "date": _day(now), "what": hit.kind,
                                "hint": _hint(hit.value)}))
    return list({f.fingerprint: f for f in found}.values())


# -- accessibility ------------------------------------------------------------------------------------------
FIELD_TAGS = {"input", "select", "textarea"}
NO_LABEL_TYPES = {"hidden", "submit", "button", "image", "reset"}


class _A11y(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.h1 = 0
        self.images_without_alt = 0
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.fields: list[tuple[str, bool]] = []  # (id, labelled otherwise)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = (a.get("lang") or "").strip()
        elif tag == "h1":
            self.h1 += 1
        elif tag == "img" and "alt" not in a:
            self.images_without_alt += 1
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in FIELD_TAGS and (tag != "input" or (a.get("type") or "text").lower() not in NO_LABEL_TYPES):
            self.fields.append((a.get("id") or "", bool(self.label_depth or a.get("aria-label")
                                                        or a.get("aria-labelledby") or a.get("title"))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "label" and self.label_depth:
            self.label_depth -= 1


def accessibility_problems(html_text: str) -> list[str]:
    """What a page fails of the basic checks: html lang, exactly one h1, alt on every img, a label
    for every form field."""
    parser = _A11y()
    parser.feed(html_text)
    parser.close()
    problems = []
    if not parser.lang:
        problems.append("html lang missing")
    if parser.h1 != 1:
        problems.append(f"{parser.h1} h1 elements")
    if parser.images_without_alt:
        problems.append(f"{parser.images_without_alt} img without alt")
    unlabelled = sum(1 for fid, ok in parser.fields if not ok and not (fid and fid in parser.label_for))
    if unlabelled:
        problems.append(f"{unlabelled} form field(s) without a label")
    return problems


def sample_pages() -> list[str]:
    """The catalogue tree, a column, a document, the disclosure index, plus INSPECTION_EXTRA_PAGES."""
    pages = ["/public/catalogue/", "/public/"]
    doc = _current_documents().order_by("-published_at", "-id").values_list("subject", "payload").first()
    if doc is not None:
        pages.append(f"/public/catalogue/documents/{doc[0]}/")
        code = ((doc[1] or {}).get("column") or {}).get("code")
        if code:
            pages.append(f"/public/catalogue/{code}/")
    else:
        code = Column.objects.filter(is_active=True).values_list("code", flat=True).first()
        if code:
            pages.append(f"/public/catalogue/{code}/")
    return [*pages, *getattr(settings, "INSPECTION_EXTRA_PAGES", ())]


def inaccessible_pages(*, now: datetime) -> list[Found]:
    fetch = scan.fetch_in_process()
    found = []
    for path in sample_pages():
        status, content_type, text = fetch(path)
        if status != 200 or "html" not in content_type:
            continue
        problems = accessibility_problems(text)
        if problems:
            found.append(Found("inaccessible_page", f"page:{path}",
                               _("页面 %(path)s 未通过基本无障碍检查：%(what)s。") % {
                                   "path": path, "what": "; ".join(problems)},
                               None, None, {"url": path, "date": _day(now), "what": problems}))
    return found


# -- policies ----------------------------------------------------------------------------------------------
def policies_without_interpretation(*, now: datetime) -> list[Found]:
    """A public policy (须配政策解读) with no public interpretation: its interpretations were
    withdrawn, or it was published before its column required one (谁起草、谁解读)."""
    public_interpretation = Document.objects.filter(interprets=OuterRef("pk"), status=Document.Status.PUBLISHED)
    qs = (Document.objects.filter(status=Document.Status.PUBLISHED, needs_interpretation=True,
                                  interprets__isnull=True)
          .exclude(Exists(public_interpretation))
          .values_list("pk", "title", "column_id", "column__department_id"))
    return [Found("policy_without_interpretation", f"document:{pk}",
                  _("政策文件“%(title)s”已公开，但没有公开的政策解读。") % {"title": title}, dept, column,
                  {"url": f"/public/catalogue/documents/doc-{pk}/", "date": _day(now),
                   "what": "no public interpretation"})
            for pk, title, column, dept in qs]


CHECKS: dict[str, tuple[str, Callable[..., list[Found]]]] = {
    "stale_column": (_("栏目未按时更新"), stale_columns),
    "empty_column": (_("空栏目"), empty_columns),
    "broken_internal_link": (_("站内链接失效"), broken_internal_links),
    "broken_external_link": (_("外部链接失效"), broken_external_links),
    "broken_attachment": (_("附件无法打开"), broken_attachments),
    "overdue_case": (_("来信和依申请公开超期"), overdue_letters_and_requests),
    "unmasked_personal_data": (_("个人信息未脱敏"), unmasked_personal_data),
    "inaccessible_page": (_("页面无障碍问题"), inaccessible_pages),
    "policy_without_interpretation": (_("政策文件无解读"), policies_without_interpretation),
}


def check_label(code: str) -> str:
    entry = CHECKS.get(code)
    return str(entry[0]) if entry else code
