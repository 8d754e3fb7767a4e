"""The small fetcher external links are checked with: a HEAD (a GET when HEAD is refused) with a
short timeout, through the disclosure's outbound client (backend/disclosure/outbound.py), so a link
written in a published text cannot turn the server against its own network: it must resolve to
global addresses unless INSPECTION_LINK_ALLOWED_NETWORKS lets a network in (tests: 127.0.0.0/8).
Redirects are not followed (a 3xx answer is a working link); a run needs no more than the status."""

from __future__ import annotations

import http.client
from dataclasses import dataclass

from django.conf import settings

from backend.disclosure import outbound

USER_AGENT = "Tongban-Inspection/1"


@dataclass(frozen=True)
class LinkStatus:
    ok: bool
    status: int | None  # None: no HTTP answer at all
    reason: str


def _request(url: str, method: str, timeout: float) -> int:
    return outbound.request(method, url, headers={"User-Agent": USER_AGENT}, timeout=timeout, allow_http=True,
                            networks=outbound.allowed_networks("INSPECTION_LINK_ALLOWED_NETWORKS"))


def check_link(url: str, *, timeout: float | None = None) -> LinkStatus:
    """Connection errors, timeouts, refused addresses and 4xx/5xx answers are broken links."""
    if not url.lower().startswith(("http://", "https://")):
        return LinkStatus(False, None, "unsupported scheme")
    timeout = timeout if timeout is not None else float(getattr(settings, "INSPECTION_LINK_TIMEOUT", 5))
    try:
        status = _request(url, "HEAD", timeout)
        if status in (405, 501):
            status = _request(url, "GET", timeout)
    except outbound.OutboundRefused as exc:
        return LinkStatus(False, None, exc.reason[:200])
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return LinkStatus(False, None, (str(exc) or type(exc).__name__)[:200])
    return LinkStatus(status < 400, status, f"HTTP {status}")
