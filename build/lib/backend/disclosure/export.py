"""`tongban disclosure export DIR`: the public site and feeds as static files (静态导出), for the
government website on another network.

Pages are rendered through the normal views (so they are exactly what the site serves), list pages
are split into `page/N/` folders instead of `?page=N`, and the JSON API becomes one file per kind
holding every current publication. Re-runnable and incremental: a manifest of the files written
last time lets a run rewrite only files whose bytes changed and remove files that are no longer
public (a withdrawal).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from . import api, selectors
from .models import Publication

MANIFEST = ".tongban-export.json"
STATIC_FILES = ["tongban.css", "diagram.css", "tongban.js", "disclosure/disclosure.css", "disclosure/disclosure.js"]
# Per-request values that would make every run rewrite every file.
_CSRF_INPUT = re.compile(r'\s*<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


@dataclass
class ExportResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"written": len(self.written), "unchanged": self.unchanged, "removed": len(self.removed)}


def file_for(url_path: str) -> str:
    """'/public/guides/X/' → 'public/guides/X/index.html'; '/public/feeds/guides.atom' unchanged."""
    path = url_path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def _static_pager(html: str, list_path: str) -> str:
    def repl(match):
        n = int(match.group(1))
        return f'href="{list_path}"' if n == 1 else f'href="{list_path}page/{n}/"'

    return re.sub(r'href="\?page=(\d+)"', repl, html)


class _Renderer:
    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.client = Client(HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE, HTTP_HOST=parts.netloc or "testserver",
                             **{"wsgi.url_scheme": parts.scheme or "http"})
        self.host = (parts.netloc or "testserver").split(":")[0]

    def get(self, path: str) -> bytes:
        response = self.client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        content = response.content
        if response["Content-Type"].startswith("text/html"):
            content = _CSRF_INPUT.sub("", content.decode()).encode()
        return content


def _list_pages(renderer: _Renderer, list_path: str, count: int, page_size: int) -> dict[str, bytes]:
    pages = max(1, -(-count // page_size))
    files = {}
    for n in range(1, pages + 1):
        html = renderer.get(f"{list_path}?page={n}" if n > 1 else list_path).decode()
        target = list_path if n == 1 else f"{list_path}page/{n}/"
        files[file_for(target)] = _static_pager(html, list_path).encode()
    return files


def _json_dump(kind: str) -> bytes:
    render = api.guide_json if kind == Publication.Kind.GUIDE else api.result_json
    rows = (selectors.guide_list_public() if kind == Publication.Kind.GUIDE else selectors.result_list_public())
    body = {"count": rows.count(), "results": [render(p) for p in rows]}
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode()


def render_site(base_url: str = "") -> dict[str, bytes]:
    """Every public file of the site, keyed by its path relative to the export folder. Absolute links
    (feeds, JSON) point at `base_url`, the address the export will be served from (SITE_URL)."""
    from . import views

    files: dict[str, bytes] = {}
    renderer = _Renderer(base_url or settings.SITE_URL)
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, renderer.host]), \
            translation.override(settings.LANGUAGE_CODE):
        for path in ("/public/", "/public/kiosk/", "/public/feeds/guides.atom", "/public/feeds/results.atom"):
            files[file_for(path)] = renderer.get(path)
        guides = list(selectors.guide_list_public().values_list("subject", flat=True))
        results = list(selectors.result_list_public().values_list("subject", flat=True))
        files.update(_list_pages(renderer, "/public/guides/", len(guides), views.PAGE_SIZE))
        files.update(_list_pages(renderer, "/public/results/", len(results), views.PAGE_SIZE))
        for code in guides:
            for suffix in ("", "print/", "kiosk/"):
                path = f"/public/guides/{code}/{suffix}"
                files[file_for(path)] = renderer.get(path)
        for number in results:
            path = f"/public/results/{number}/"
            files[file_for(path)] = renderer.get(path)
    files["public/api/guides/index.json"] = _json_dump(Publication.Kind.GUIDE)
    files["public/api/results/index.json"] = _json_dump(Publication.Kind.RESULT)
    for name in STATIC_FILES:
        found = finders.find(name)
        if found:
            files[f"static/{name}"] = Path(found).read_bytes()
    return files


def export_site(directory: Path, *, base_url: str = "") -> ExportResult:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest_path = directory / MANIFEST
    try:
        previous = set(json.loads(manifest_path.read_text())["files"])
    except (FileNotFoundError, ValueError, KeyError):
        previous = set()
    files = render_site(base_url)
    result = ExportResult()
    for relative, content in sorted(files.items()):
        target = directory / relative
        if target.is_file() and target.read_bytes() == content:
            result.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)  # readers of the export never see a half-written file
        result.written.append(relative)
    for relative in sorted(previous - files.keys()):
        target = directory / relative
        if target.is_file():
            target.unlink()
            result.removed.append(relative)
        _prune_empty(target.parent, directory)
    manifest = {"files": {k: hashlib.sha256(v).hexdigest()[:16] for k, v in sorted(files.items())}}
    manifest_text = json.dumps(manifest, indent=1, sort_keys=True)
    if not manifest_path.is_file() or manifest_path.read_text() != manifest_text:
        manifest_path.write_text(manifest_text)
    return result


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
