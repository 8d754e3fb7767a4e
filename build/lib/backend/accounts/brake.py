"""The brake on password guessing, the same on every way in: the login page, the admin login, the
token API and the password change (and any later one that calls `authenticate(request, …)`). Built on django-axes
(its database handler, so it keeps braking when Redis is away); this module holds our policy:

- failures are counted per (user name, address) and per address, never per user name alone, so
  somebody guessing a known user name from elsewhere cannot lock its owner out;
- after LIMIT failures within WINDOW, each further failure doubles the wait (1, 2, 4 … minutes, at
  most MAX_DELAY) instead of locking the account until an administrator acts; failures stay on
  record at least WINDOW after the last one, whichever User-Agent they came with (BrakeHandler);
- the refusal says how long to wait (429 with Retry-After; JSON errors on the API, a page elsewhere);
- every failure is kept (axes' AccessFailureLog), the first refusal of an episode goes to the
  tamper-evident log, and administrators unlock from the admin (audited) or with `axes_reset_*`.
"""

from __future__ import annotations

import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.attempts import client_address
from backend.common.audit import audit

WINDOW = timedelta(minutes=15)
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=6)
USERNAME_MAX = 150


def limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def client_ip(request) -> str:
    return client_address(request)


def username_of(request, credentials=None) -> str | None:
    """The user name tried: from the credentials given to authenticate, else what the view noted
    (the token API reads JSON, not a form), else the login form."""
    name = None
    if credentials:
        name = credentials.get("username")
    if name is None:
        name = getattr(request, "tongban_login_username", None)
    if name is None and request is not None and hasattr(request, "POST"):
        name = request.POST.get("username")
    return str(name).strip()[:USERNAME_MAX] if name is not None else None


def _attempts(request, credentials=None):
    from axes.models import AccessAttempt

    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    live = AccessAttempt.objects.exclude(expiration__expires_at__lte=timezone.now())
    by_pair = live.filter(username=username_of(request, credentials), ip_address=ip)
    by_address = live.filter(ip_address=ip)
    return by_pair, by_address


def failures(request, credentials=None) -> int:
    """Failures still on record for this request's (user name, address) or address, the larger."""
    return max((qs.aggregate(n=Sum("failures_since_start"))["n"] or 0) for qs in _attempts(request, credentials))


def delay_for(count: int) -> timedelta:
    """How long attempts are refused after the last failure, once `count` reaches the limit."""
    if count < limit():
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(count - limit(), 20), MAX_DELAY)


def memory_for(count: int) -> timedelta:
    """How long failures stay on record after the last one: never less than WINDOW, so that a wait
    that is shorter than the window does not wipe the count it was earned by."""
    return max(WINDOW, delay_for(count))


def cool_off(request) -> timedelta:
    """AXES_COOLOFF_TIME: axes asks per request how far back attempts count and when a record
    expires; the answer grows with the failures on record."""
    if request is None:
        return WINDOW
    return memory_for(failures(request))


def wait_seconds(request, credentials=None) -> int:
    """Seconds until this request's next attempt is heard (0: heard now). Each count — the
    (user name, address) pair's and the address's — earns its own wait from its own last failure."""
    now, seconds = timezone.now(), 0
    for attempts in _attempts(request, credentials):
        record = attempts.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        if record["last"] is None or (record["n"] or 0) < limit():
            continue
        left = (record["last"] + delay_for(record["n"]) - now).total_seconds()
        seconds = max(seconds, math.ceil(left) if left > 0 else 0)
    return seconds


class BrakeHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes keeps one record per (user name, address, user agent). Its stock policy
    counts only the records newer than the cool-off, which let a guesser who changes User-Agent
    after each wait start afresh. Here a record counts until it expires, every failure from an
    address keeps all that address's records alive, and "locked" means: at or over the limit and
    still inside the wait that the last failure earned."""

    def get_failures(self, request, credentials=None) -> int:
        return failures(request, credentials)

    def is_locked(self, request, credentials=None) -> bool:
        return wait_seconds(request, credentials) > 0

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_ip_address", None) is None:
            return
        from axes.models import AccessAttemptExpiration

        until = timezone.now() + memory_for(request.axes_failures_since_start)  # counted by super()
        AccessAttemptExpiration.objects.filter(access_attempt__ip_address=request.axes_ip_address,
                                               expires_at__lt=until).update(expires_at=until)


def forget_own_failures(request, user) -> None:
    """A successful sign-in shows the failures from this address under this name were the user's own
    typing: they stop counting. Other names' failures from the address still count."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=user.get_username(), ip_address=client_ip(request)).delete()


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with the wait, as JSON errors on the API and a page elsewhere."""
    seconds = wait_seconds(request, credentials) or int(FIRST_DELAY.total_seconds())
    minutes = max(1, math.ceil(seconds / 60))
    message = _("登录失败次数过多，请 %(minutes)d 分钟后再试。如需立即解除，请联系系统管理员。") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"errors": [{"field": None, "code": "throttled", "message": message}]}, status=429,
                                json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "registration/locked.html", {"message": message, "minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """The first refusal of an episode goes to the tamper-evident log (every failure is in axes'
    failure log already; logging each refused guess would let an attack flood the chain)."""
    if request is None or getattr(request, "axes_failures_since_start", None) != limit():
        return
    with transaction.atomic():
        audit("login_braked", {"username": username, "address": ip_address, "path": request.path,
                               "failures": limit()}, now=timezone.now())


def unlock(*, attempts, actor) -> int:
    """An administrator's unlock: the counted failures go; who did it is logged."""
    with transaction.atomic():
        rows = list(attempts.values_list("username", "ip_address"))
        count, _ = attempts.delete()
        audit("login_unlocked", {"by": actor.username, "unlocked": [list(r) for r in rows]}, now=timezone.now())
    return count
