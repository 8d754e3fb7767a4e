"""A brake on guessing secrets: the query code that opens a case's public page, a password.

Each failed attempt is counted in the cache under every key it concerns (the case number *and* the
client's address, so neither many addresses on one case nor one address on many cases gets far);
once a key reaches its limit inside the window, further attempts are refused with 429 until the
window passes, whether or not they would have succeeded. The counters live in the configured cache
(`CACHE_URL`): per process with the default local-memory cache, shared with Redis in production.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from .errors import DomainError

WINDOW_SECONDS = 15 * 60


def _key(scope: str, value: str) -> str:
    return f"tongban:failed:{scope}:{value}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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
