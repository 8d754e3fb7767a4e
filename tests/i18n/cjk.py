"""Finding Chinese on an English page: the text and user-visible attributes of an HTML page, less the
elements marked as not to be translated (`translate="no"`: what a user typed, official names) or as
Chinese (`lang="zh…"`: the language menu's 中文)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# CJK ideographs, CJK and full-width punctuation, and the curly quotes Chinese text uses.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-valuetext"}


def is_exempt(attrs: dict) -> bool:
    return attrs.get("translate") == "no" or (attrs.get("lang") or "").lower().startswith("zh")


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, exempt)
        self.found: list[str] = []
        self.exempt_text: list[str] = []
        self.titles: set[str] = set()

    @property
    def exempt(self) -> bool:
        return any(flag for _, flag in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        exempt = self.exempt or is_exempt(attrs)
        if not exempt:
            shown = {k: v for k, v in attrs.items() if k in SHOWN_ATTRIBUTES}
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                shown["value"] = attrs.get("value")
            for name, value in shown.items():
                if value and CJK.search(value):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag not in VOID:
            self.stack.append((tag, exempt))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed <p>, <li>, <td>
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.exempt:
            self.exempt_text.append(data)
        elif CJK.search(data):
            text = " ".join(data.split())
            self.found.append(text)
            if self.stack and self.stack[-1][0] == "title":
                self.titles.add(text)


def chinese_on_page(html: str) -> list[str]:
    """Every fragment of user-visible text on the page that holds a CJK character or full-width punctuation.

    A <title> cannot hold markup; it may repeat what the page marks elsewhere (the item's name)."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    marked = " ".join(parser.exempt_text)
    return [f for f in parser.found if not (f in parser.titles and all(run in marked for run in _runs(f)))]


def _runs(text: str) -> list[str]:
    return re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text)
