"""A brake on guessing secrets: the query code that opens a case's public page, a password.

Each failed attempt is counted in the cache under every key it concerns (the case number *and* the
client's address, so neither many addresses on one case nor one address on many cases gets far);
once a key reaches its limit inside the window, further attempts are refused with 429 until the
window passes, whether or not they would have succeeded. The counters live in the configured cache
(`CACHE_URL`): per process with the default local-memory cache, shared with Redis in production.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .errors import DomainError

WINDOW_SECONDS = 15 * 60


def _key(scope: str, value: str) -> str:
    # Hashed: the value is whatever the caller typed, and cache keys must be short and plain.
    return f"tongban:failed:{scope}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def client_address(request) -> str:
    """The client's address. Behind our nginx every request comes from the proxy, which puts the
    peer it saw in X-Forwarded-For; that header is believed only from `TRUSTED_PROXIES` (a client
    talking to Gunicorn directly could otherwise name any address), and only its last entry."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    trusted = settings.TRUSTED_PROXIES
    if forwarded and ("*" in trusted or remote in trusted):
        return forwarded.split(",")[-1].strip() or remote
    return remote


def attempts_check(scope: str, keys: list[str], *, limit: int) -> None:
    """Refuse (429) while any key has `limit` failures in the current window."""
    counts = cache.get_many([_key(scope, k) for k in keys])
    if any(count >= limit for count in counts.values()):
        raise DomainError.single(None, "throttled", _("尝试次数过多，请 15 分钟后再试。"), status=429)


def attempt_failed(scope: str, keys: list[str]) -> None:
    for key in (_key(scope, k) for k in keys):
        cache.add(key, 0, WINDOW_SECONDS)  # the window starts at the first failure
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
