"""Public pages served from a shared cache, with conditional GET (ETag, Last-Modified → 304).

`@public_page` keeps an anonymous reader's rendered page in the "pages" cache (settings.CACHES:
Redis when CACHE_URL names it, else files under var/, so the demo's web server and worker share
it), keyed by a generation, the active language, today's date and the path. Whatever changes
what these pages show (a publication, withdrawal or correction; a catalog edit) calls
`invalidate()`, which starts a new generation: every page is rendered afresh on its next GET.

What makes a page per-person is never stored nor served from here: a signed-in user always gets a
fresh page; a reader with messages waiting gets a fresh page (which shows them); a query string
other than `page=` (searches and filters, unbounded in number) is not cached. The language is part
of the key, so English and Chinese never cross. The CSRF token (the language switch's form)
is removed from the stored page, so no reader is handed another's: the switch accepts a same-origin
post without one (backend/common/language.py).

The cache is only a cache: if it is away, the page is rendered as if nothing were cached.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
CACHED_STATUSES = (200, 410)  # a page, or the notice that it was withdrawn
CACHEABLE_PARAMS = {"page"}
CSRF_INPUT = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


def _cache():
    return caches["pages"]


def invalidate() -> None:
    """Start a new generation now and again after the surrounding commit: a reader who renders
    between the two (still seeing the old rows) stores under the generation the commit retires."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache is away: it holds nothing that could be served either
        logger.warning("page cache: could not start a new generation", exc_info=True)


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return False
    if set(request.GET) - CACHEABLE_PARAMS or len(request.GET.get("page", "")) > 6:
        return False
    if request.user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and len(storage))


def _key(request, generation: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public-page:{generation}:{translation.get_language()}:{timezone.localdate().isoformat()}:{path}"


def _entry_of(response) -> dict:
    content = CSRF_INPUT.sub(b"", response.content)
    return {"content": content, "status": response.status_code, "content_type": response["Content-Type"],
            "etag": f'"{hashlib.sha256(content).hexdigest()[:32]}"', "last_modified": int(time.time())}


def _response_of(entry: dict, *, hit: bool) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    response["X-Page-Cache"] = "hit" if hit else "miss"
    # Browsers keep the page but ask each time (a 304 costs no rendering); what a page shows
    # depends on the language (cookie or Accept-Language) and on being signed in (the cookie).
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def public_page(view=None, *, timeout: int | None = None):
    """Serve the view's page to anonymous readers from the cache; `timeout` (seconds) shortens the
    life of a page that also shows something no invalidation follows (today's counts)."""
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            cache = _cache()
            try:
                generation = cache.get(GENERATION_KEY) or "0"
                key = _key(request, generation)
                entry = cache.get(key)
            except Exception:
                logger.warning("page cache away; rendering %s", request.path, exc_info=True)
                return view(request, *args, **kwargs)
            hit = entry is not None
            if not hit:
                response = view(request, *args, **kwargs)
                if response.status_code not in CACHED_STATUSES or response.streaming:
                    return response
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                entry = _entry_of(response)
                try:
                    cache.set(key, entry, timeout=min(timeout or settings.PUBLIC_PAGE_CACHE_SECONDS,
                                                      settings.PUBLIC_PAGE_CACHE_SECONDS))
                except Exception:
                    logger.warning("page cache: could not store %s", request.path, exc_info=True)
            response = _response_of(entry, hit=hit)
            return get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"],
                                            response=response)

        return wrapper

    return decorate(view) if view is not None else decorate
