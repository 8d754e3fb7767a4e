"""`tongban disclosure scan [DIR|URL]`: look for personal data on everything public (泄露检查).

A hit is any 18-character resident ID number with a valid GB 11643 checksum, any mainland mobile
number, the full name of a person who applied (names read from the Case table), or any other
person's name recognisable by context in free text (经办人张三, 王小明女士: the cue-word method of
names.py, the same one masking uses, so a clean publication scans clean). With a folder,
every exported file is read; with a URL, pages are crawled from `/public/` following links within
the site; with neither, the site is crawled in-process through the normal views.
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from backend.cases.models import Case
from backend.common.validators import MOBILE_RE, id_number_error

from .masking import ID15_IN_TEXT, SEP, id_digits
from .names import find_names

# The same written forms masking.mask_text covers: grouped digits and a +86 country code.
ID_CANDIDATE = re.compile(rf"(?<![0-9A-Za-z])\d{{6}}{SEP}\d{{4}}{SEP}\d{{4}}{SEP}\d{{3}}[\dXx](?![0-9A-Za-z])")
MOBILE_CANDIDATE = re.compile(rf"(?<![0-9A-Za-z+])(?:\+?86{SEP})?1[3-9]\d{SEP}\d{{4}}{SEP}\d{{4}}(?![0-9A-Za-z])")


def _mobile(value: str) -> str:
    digits = id_digits(value)
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


TEXT_SUFFIXES = {".html", ".htm", ".json", ".atom", ".xml", ".txt", ".csv", ".js"}
MAX_PAGES = 20000


@dataclass(frozen=True)
class Hit:
    location: str
    kind: str  # id_number | mobile | name
    value: str

    def __str__(self) -> str:
        return f"{self.location}: {self.kind} {self.value}"


def person_names() -> list[str]:
    names = (Case.objects.filter(applicant_type=Case.ApplicantType.PERSON)
             .values_list("applicant_name", flat=True).distinct())
    return sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)


def _readable(text: str) -> str:
    """Undo HTML entities and JSON \\u escapes so an encoded leak is still found."""
    text = html.unescape(text)
    if "\\u" in text:
        try:
            text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def scan_text(location: str, text: str, names: Iterable[str]) -> list[Hit]:
    text = _readable(text)
    hits = [Hit(location, "id_number", m.group(0)) for m in ID_CANDIDATE.finditer(text)
            if id_number_error(id_digits(m.group(0))) is None]
    hits += [Hit(location, "id_number", m.group(0)) for m in ID15_IN_TEXT.finditer(text)]
    hits += [Hit(location, "mobile", m.group(0)) for m in MOBILE_CANDIDATE.finditer(text)
             if MOBILE_RE.match(_mobile(m.group(0)))]
    hits += [Hit(location, "name", name) for name in names if name in text]
    hits += [Hit(location, "name", match.context) for match in find_names(text)]
    return list(dict.fromkeys(hits))  # the JSON-decoded copy of a text must not double its hits


def scan_directory(directory: Path, names: list[str]) -> tuple[int, list[Hit]]:
    hits: list[Hit] = []
    count = 0
    for path in sorted(Path(directory).rglob("*")):
        if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES or path.name.startswith("."):
            continue
        count += 1
        hits += scan_text(str(path.relative_to(directory)), path.read_text(encoding="utf-8", errors="replace"), names)
    return count, hits


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _links(base: str, content_type: str, text: str) -> list[str]:
    found: list[str] = []
    if "html" in content_type:
        parser = _Links()
        parser.feed(text)
        found += parser.links
    found += re.findall(r"https?://[^\s\"'<>]+", text)
    return [urldefrag(urljoin(base, link))[0] for link in found]


Fetch = Callable[[str], tuple[int, str, str]]


def crawl(start: str, fetch: Fetch, names: list[str]) -> tuple[int, list[Hit]]:
    """Breadth-first from `start`, staying on its host and under /public/."""
    origin = urlsplit(start)
    seen = {start}
    queue = deque([start])
    hits: list[Hit] = []
    count = 0
    while queue and count < MAX_PAGES:
        url = queue.popleft()
        status, content_type, text = fetch(url)
        count += 1
        hits += scan_text(url, text, names)  # error pages too: a 410 shows a reason, a 500 may leak
        if status != 200:
            continue
        for link in _links(url, content_type, text):
            parts = urlsplit(link)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or not parts.path.startswith("/public/"):
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return count, hits


def fetch_http(url: str) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"User-Agent": "Tongban-Disclosure-Scan/1"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (operator-given URL)
            return response.status, response.headers.get("Content-Type", ""), response.read().decode(
                "utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8", errors="replace")
    except urllib.error.URLError as exc:
        raise ScanError(f"cannot fetch {url}: {exc.reason}") from None


class ScanError(Exception):
    """The site could not be read; the scan proves nothing."""


def fetch_in_process() -> Fetch:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()

    def fetch(url: str) -> tuple[int, str, str]:
        parts = urlsplit(url)
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            response = client.get(parts.path, dict(_query(parts.query)))
        content = b"" if response.streaming else response.content
        return response.status_code, response.get("Content-Type", ""), content.decode("utf-8", errors="replace")

    return fetch


def _query(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query)
