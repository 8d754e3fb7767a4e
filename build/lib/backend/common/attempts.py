"""A brake on guessing a secret that is not a password: the query code that opens a case's public
page. (Passwords are braked by django-axes: backend/accounts/brake.py.)

Each attempt is counted, before it is tried, under every key it concerns (the case number *and*
the client's address, so neither many addresses on one case nor one address on many cases gets
far); a right answer gives its count back. Once a key is past its limit inside the window, further
attempts are refused with 429 until the window passes, whether or not they would have succeeded.
The counters are rows in PostgreSQL (FailedAttempt): shared by every node and independent of
Redis, so an outage of the cache never opens the brake nor fails the request.
"""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

WINDOW_SECONDS = 15 * 60
UNKNOWN_ADDRESS = "0.0.0.0"  # a request without REMOTE_ADDR (force_login, a script signing someone in)
WINDOW = timedelta(seconds=WINDOW_SECONDS)
KEEP = timedelta(days=1)


def _key(value: str) -> str:
    # Hashed: the value is whatever the caller typed; the table never holds it.
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def client_address(request) -> str:
    """The client's address. Behind our nginx every request comes from the proxy, which puts the
    peer it saw in X-Forwarded-For; that header is believed only from `TRUSTED_PROXIES` (a client
    talking to Gunicorn directly could otherwise name any address), and only its last entry."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    trusted = settings.TRUSTED_PROXIES
    if forwarded and ("*" in trusted or remote in trusted):
        return _valid(forwarded.split(",")[-1].strip()) or remote
    return remote


def _valid(address: str) -> str | None:
    """The address in canonical form, or None: proxies write "unknown" or a host:port, and the
    login brake stores addresses in an inet column, where anything else fails the request."""
    try:
        return str(ipaddress.ip_address(address.strip("[]")))
    except ValueError:
        return None


def _throttled() -> DomainError:
    return DomainError.single(None, "throttled", _("尝试次数过多，请 15 分钟后再试。"), status=429)


def attempt_begin(scope: str, keys: list[str], *, limit: int, now=None) -> None:
    """Count this attempt under each key *before* it is tried, and refuse (429) if that puts a key
    past `limit` in the current window. Counting first makes the check and the count one step:
    guesses sent in parallel cannot all pass a check that none of them has counted yet."""
    now = now or timezone.now()
    for key in (_key(k) for k in keys):
        if _counted(scope, key, now) > limit:
            raise _throttled()


def attempt_succeeded(scope: str, keys: list[str], *, now=None) -> None:
    """The attempt counted by attempt_begin was right: it no longer counts against anyone."""
    from .models import FailedAttempt

    now = now or timezone.now()
    FailedAttempt.objects.filter(scope=scope, key__in=[_key(k) for k in keys], window_start__gt=now - WINDOW,
                                 count__gt=0).update(count=F("count") - 1)


def _counted(scope: str, key: str, now) -> int:
    """Add one to the key's count (a key whose window has passed starts a new one); the new count.
    The UPDATE holds the row until the transaction ends, so the count read back is this attempt's."""
    from .models import FailedAttempt

    with transaction.atomic():
        current = FailedAttempt.objects.filter(scope=scope, key=key)
        if not (current.filter(window_start__gt=now - WINDOW).update(count=F("count") + 1)
                or current.filter(window_start__lte=now - WINDOW).update(count=1, window_start=now)):  # no row yet
            try:
                with transaction.atomic():  # a concurrent first attempt may insert the row first
                    FailedAttempt.objects.create(scope=scope, key=key, window_start=now, count=1)
            except IntegrityError:
                current.update(count=F("count") + 1)
            FailedAttempt.objects.filter(window_start__lt=now - KEEP).delete()  # rows of long-past windows
        return current.values_list("count", flat=True).get()
