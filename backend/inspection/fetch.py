"""The small fetcher external links are checked with: a HEAD (a GET when HEAD is refused) with a short
timeout, no redirects beyond urllib's own. Tests point it at a local http.server; a run never needs
more than the status."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

USER_AGENT = "Tongban-Inspection/1"


@dataclass(frozen=True)
class LinkStatus:
    ok: bool
    status: int | None  # None: no HTTP answer at all
    reason: str


def _request(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, see check_link)
        return response.status


def check_link(url: str, *, timeout: float | None = None) -> LinkStatus:
    """Connection errors, timeouts and 4xx/5xx answers are broken links."""
    if not url.lower().startswith(("http://", "https://")):
        return LinkStatus(False, None, "unsupported scheme")
    timeout = timeout if timeout is not None else float(getattr(settings, "INSPECTION_LINK_TIMEOUT", 5))
    try:
        try:
            status = _request(url, "HEAD", timeout)
        except urllib.error.HTTPError as exc:
            if exc.code not in (405, 501):
                raise
            status = _request(url, "GET", timeout)
    except urllib.error.HTTPError as exc:
        return LinkStatus(False, exc.code, f"HTTP {exc.code}")
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError, ValueError) as exc:
        return LinkStatus(False, None, str(getattr(exc, "reason", exc))[:200])
    return LinkStatus(status < 400, status, f"HTTP {status}")
